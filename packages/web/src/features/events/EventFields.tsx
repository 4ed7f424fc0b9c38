import { Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Switch } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { registryContracts, type VitalEventKind } from '@renkou/core';
import { call } from '../../api/api';
import { DATE_FORMAT, formatDate } from '../../app/format';
import { PersonPicker } from '../../components/PersonPicker';
import { RegionPicker } from '../../components/RegionPicker';
import { useI18n } from '../../i18n/i18n';
import { ETHNICITY, EVENT_KIND, label, MARITAL, options, RELATION, RESIDENCE_TYPE, SEX } from '../../i18n/labels';

const half = { xs: 24, md: 12 };
const third = { xs: 24, md: 8 };

function DateInput(props: { id?: string; 'data-testid'?: string }) {
  return <DatePicker {...props} format={DATE_FORMAT} style={{ width: '100%' }} placeholder="YYYY-MM-DD" />;
}

function Occurred() {
  const { t } = useI18n();
  return (
    <Form.Item label={t('event.when')} name="occurredOn" required>
      <DateInput data-testid="occurredOn" />
    </Form.Item>
  );
}

function PersonField({ name, labelKey, sex, testId }: { name: string; labelKey: Parameters<ReturnType<typeof useI18n>['t']>[0]; sex?: 'male' | 'female'; testId: string }) {
  const { t } = useI18n();
  return (
    <Form.Item label={t(labelKey)} name={name} required>
      <PersonPicker sex={sex} data-testid={testId} />
    </Form.Item>
  );
}

/** Fields for a new person: the newborn, or someone moving in who is not yet in the registry. */
function NewPersonFields({ prefix, withBirth }: { prefix: string; withBirth: boolean }) {
  const { t, lang } = useI18n();
  const n = (f: string) => [prefix, f];
  return (
    <Row gutter={16}>
      <Col {...third}>
        <Form.Item label={t('person.name')} name={n('name')} required>
          <Input data-testid={`${prefix}-name`} maxLength={50} />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item label={t('person.sex')} name={n('sex')} required>
          <Radio.Group options={options(SEX, lang)} data-testid={`${prefix}-sex`} />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item label={`${t('person.idNumber')}${t('common.optional')}`} name={n('idNumber')}>
          <Input maxLength={20} className="mono" autoComplete="off" />
        </Form.Item>
      </Col>
      {withBirth && (
        <Col {...third}>
          <Form.Item label={t('person.birthDate')} name={n('birthDate')} required>
            <DateInput />
          </Form.Item>
        </Col>
      )}
      <Col {...third}>
        <Form.Item label={t('person.ethnicity')} name={n('ethnicity')} extra={withBirth ? undefined : t('form.defaultsMother')}>
          <Select showSearch={{ optionFilterProp: 'label' }} allowClear options={options(ETHNICITY, lang)} />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item label={t('person.residenceType')} name={n('residenceType')} required={withBirth} extra={withBirth ? undefined : t('form.defaultsMother')}>
          <Select allowClear options={options(RESIDENCE_TYPE, lang)} />
        </Form.Item>
      </Col>
      {withBirth && (
        <Col {...third}>
          <Form.Item label={t('person.maritalStatus')} name={n('maritalStatus')}>
            <Select allowClear options={options(MARITAL, lang)} />
          </Form.Item>
        </Col>
      )}
      <Col {...half}>
        <Form.Item label={t('person.hukouRegion')} name={n('hukouRegion')} required={withBirth} extra={withBirth ? undefined : t('form.defaultsMother')}>
          <RegionPicker root={withBirth ? 'all' : undefined} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item label={t('person.residenceRegion')} name={n('residenceRegion')} required={withBirth} extra={withBirth ? undefined : t('form.defaultsMother')}>
          <RegionPicker level={5} />
        </Form.Item>
      </Col>
    </Row>
  );
}

function CorrectionFields() {
  const { t, lang } = useI18n();
  const form = Form.useFormInstance();
  const personId = Form.useWatch('personId', form) as number | undefined;
  const person = useQuery({
    queryKey: ['person', personId],
    queryFn: () => call(registryContracts.getPerson, { params: { id: personId! } }),
    enabled: personId !== undefined,
    retry: false,
  });
  const events = (person.data?.timeline ?? []).filter((e) => e.correctedBy.length === 0);
  return (
    <>
      <Row gutter={16}>
        <Col {...half}>
          <PersonField name="personId" labelKey="form.person" testId="personId" />
        </Col>
        <Col {...half}>
          <Form.Item label={t('form.corrects')} name="correctsEventId" required extra={t('form.correctsHelp')}>
            <Select
              data-testid="correctsEventId"
              loading={person.isFetching}
              options={events.map((e) => ({ value: e.id, label: `#${e.id} ${formatDate(e.occurredOn)} ${label(EVENT_KIND, e.kind, lang)}` }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('event.reason')} name="reason" required>
        <Input.TextArea rows={2} maxLength={200} showCount data-testid="reason" />
      </Form.Item>
      <fieldset className="fieldset">
        <legend>{t('form.changes')}</legend>
        <Row gutter={16}>
          <Col {...third}>
            <Form.Item label={t('person.name')} name={['changes', 'name']}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item label={t('person.sex')} name={['changes', 'sex']}>
              <Select allowClear options={options(SEX, lang)} />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item label={t('person.birthDate')} name={['changes', 'birthDate']}>
              <DateInput />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item label={t('person.ethnicity')} name={['changes', 'ethnicity']}>
              <Select showSearch={{ optionFilterProp: 'label' }} allowClear options={options(ETHNICITY, lang)} />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item label={t('person.idNumber')} name={['changes', 'idNumber']}>
              <Input maxLength={20} className="mono" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item label={t('event.when')} name={['changes', 'occurredOn']}>
              <DateInput />
            </Form.Item>
          </Col>
        </Row>
      </fieldset>
    </>
  );
}

/** The fields of one kind of event; each is named by its path in RecordEventBody. */
export function EventFields({ kind }: { kind: VitalEventKind }) {
  const { t, lang } = useI18n();
  const mode = Form.useWatch('mode') as 'existing' | 'new' | undefined;
  switch (kind) {
    case 'birth':
      return (
        <>
          <Row gutter={16}>
            <Col {...third}><Occurred /></Col>
            <Col {...third}><PersonField name="motherId" labelKey="form.mother" sex="female" testId="motherId" /></Col>
            <Col {...third}>
              <Form.Item label={`${t('form.father')}${t('common.optional')}`} name="fatherId">
                <PersonPicker sex="male" data-testid="fatherId" />
              </Form.Item>
            </Col>
          </Row>
          <fieldset className="fieldset">
            <legend>{t('form.child')}</legend>
            <NewPersonFields prefix="child" withBirth={false} />
            <Form.Item label={t('form.joinMotherHousehold')} name="joinMotherHousehold" valuePropName="checked">
              <Switch />
            </Form.Item>
          </fieldset>
        </>
      );
    case 'death':
      return (
        <Row gutter={16}>
          <Col {...half}><PersonField name="personId" labelKey="form.person" testId="personId" /></Col>
          <Col {...half}><Occurred /></Col>
          <Col {...half}>
            <Form.Item label={`${t('form.place')}${t('common.optional')}`} name="place">
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item label={`${t('form.cause')}${t('common.optional')}`} name="cause">
              <Input maxLength={20} placeholder="I21.9" />
            </Form.Item>
          </Col>
        </Row>
      );
    case 'marriage':
    case 'divorce':
      return (
        <Row gutter={16}>
          <Col {...third}><PersonField name="husbandId" labelKey="form.husband" sex="male" testId="husbandId" /></Col>
          <Col {...third}><PersonField name="wifeId" labelKey="form.wife" sex="female" testId="wifeId" /></Col>
          <Col {...third}><Occurred /></Col>
        </Row>
      );
    case 'move_in':
      return (
        <>
          <Row gutter={16}>
            <Col {...half}><Occurred /></Col>
            <Col {...half}>
              <Form.Item label={t('form.existingOrNew')} name="mode">
                <Radio.Group optionType="button" options={[{ value: 'existing', label: t('form.existing') }, { value: 'new', label: t('form.newPerson') }]} />
              </Form.Item>
            </Col>
          </Row>
          {mode === 'new' ? <NewPersonFields prefix="person" withBirth /> : <PersonField name="personId" labelKey="form.person" testId="personId" />}
          <Row gutter={16}>
            <Col {...half}>
              <Form.Item label={`${t('form.fromRegion')}${t('common.optional')}`} name="fromRegion">
                <RegionPicker root="all" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item label={t('form.toVillage')} name="toRegion" required>
                <RegionPicker level={5} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item label={`${t('form.household')}${t('common.optional')}`} name="householdId">
                <InputNumber min={1} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item label={`${t('person.relation')}${t('common.optional')}`} name="relation">
                <Select allowClear options={options(RELATION, lang)} />
              </Form.Item>
            </Col>
          </Row>
        </>
      );
    case 'move_out':
      return (
        <Row gutter={16}>
          <Col {...half}><PersonField name="personId" labelKey="form.person" testId="personId" /></Col>
          <Col {...half}><Occurred /></Col>
          <Col {...half}>
            <Form.Item label={`${t('form.toRegion')}${t('common.optional')}`} name="toRegion">
              <RegionPicker root="all" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item label={`${t('form.destination')}${t('common.optional')}`} name="destination">
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        </Row>
      );
    case 'residence_change':
      return (
        <Row gutter={16}>
          <Col {...half}><PersonField name="personId" labelKey="form.person" testId="personId" /></Col>
          <Col {...half}><Occurred /></Col>
          <Col {...half}>
            <Form.Item label={t('form.newResidence')} name="toRegion" required>
              <RegionPicker level={5} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item label={`${t('person.residenceType')}${t('common.optional')}`} name="residenceType">
              <Select allowClear options={options(RESIDENCE_TYPE, lang)} />
            </Form.Item>
          </Col>
        </Row>
      );
    case 'hukou_change':
      return (
        <Row gutter={16}>
          <Col {...half}><PersonField name="personId" labelKey="form.person" testId="personId" /></Col>
          <Col {...half}><Occurred /></Col>
          <Col {...half}>
            <Form.Item label={t('form.newHukou')} name="toRegion" required>
              <RegionPicker root="all" />
            </Form.Item>
          </Col>
        </Row>
      );
    case 'correction':
      return <CorrectionFields />;
  }
}
