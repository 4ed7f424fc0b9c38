import { useEffect, useMemo, useState } from 'react';
import { Select, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { registryContracts, type PersonSummary } from '@renkou/core';
import { call } from '../api/api';
import { useI18n } from '../i18n/i18n';
import { label, SEX, type Lang } from '../i18n/labels';

const ID_LIKE = /^\d{6,17}[\dXx]?$/;

export function personLabel(p: Pick<PersonSummary, 'name' | 'sex' | 'birthDate' | 'idNumberMasked'>, lang: Lang): string {
  return [p.name, label(SEX, p.sex, lang), p.birthDate, p.idNumberMasked].filter(Boolean).join(' · ');
}

export interface PersonPickerProps {
  value?: number;
  onChange?: (id: number | undefined) => void;
  id?: string;
  /** Offer only people of this sex (a mother, a wife). */
  sex?: 'male' | 'female';
  placeholder?: string;
  'data-testid'?: string;
  'aria-label'?: string;
}

/**
 * Chooses a person of the user's region by typing: a name or pinyin prefix, or an ID number (exact).
 * The server searches inside the user's scope only.
 */
export function PersonPicker(props: PersonPickerProps) {
  const { t, lang } = useI18n();
  const [input, setInput] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setTerm(input.trim()), 300);
    return () => clearTimeout(h);
  }, [input]);

  const isId = ID_LIKE.test(term) && term.length >= 15;
  const results = useQuery({
    queryKey: ['personPick', term],
    queryFn: () => call(registryContracts.searchPersons, { query: isId ? { idNumber: term, pageSize: 20 } : { q: term, pageSize: 20 } }),
    enabled: term.length > 0 && !(ID_LIKE.test(term) && !isId),
    staleTime: 30_000,
  });

  // A person chosen before (or handed in by the page) keeps their label while the search changes.
  const chosen = useQuery({
    queryKey: ['person', props.value],
    queryFn: () => call(registryContracts.getPerson, { params: { id: props.value! } }),
    enabled: props.value !== undefined && !results.data?.items.some((p) => p.id === props.value),
    staleTime: 60_000,
    retry: false,
  });

  const options = useMemo(() => {
    const items = (results.data?.items ?? []).filter((p) => !props.sex || p.sex === props.sex);
    const list = items.map((p) => ({ value: p.id, label: personLabel(p, lang) }));
    if (props.value !== undefined && !list.some((o) => o.value === props.value) && chosen.data) {
      list.unshift({ value: chosen.data.id, label: personLabel(chosen.data, lang) });
    }
    return list;
  }, [results.data, chosen.data, props.value, props.sex, lang]);

  return (
    <Select<number>
      id={props.id}
      data-testid={props['data-testid']}
      aria-label={props['aria-label']}
      showSearch={{ filterOption: false, onSearch: setInput, searchValue: input }}
      value={props.value}
      onChange={(v) => {
        setInput('');
        props.onChange?.(v);
      }}
      options={options}
      placeholder={props.placeholder ?? t('form.searchPerson')}
      notFoundContent={results.isFetching ? <Spin size="small" /> : term ? t('form.noPerson') : null}
      allowClear
      style={{ width: '100%' }}
    />
  );
}
