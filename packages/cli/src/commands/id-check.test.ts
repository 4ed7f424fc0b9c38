import { describe, expect, it } from 'vitest';
import { runIdCheck } from './id-check';

const TODAY = '2024-06-30';

describe('runIdCheck', () => {
  it('prints one line per valid ID and exits 0', () => {
    const { output, exitCode } = runIdCheck(['33052219900101001X', '130503670401001'], { json: false, today: TODAY });
    expect(output.split('\n')).toEqual([
      '33052219900101001X valid region=330522 birth=1990-01-01 sex=male',
      '130503196704010016 valid region=130503 birth=1967-04-01 sex=male',
    ]);
    expect(exitCode).toBe(0);
  });

  it('prints the code and bilingual message for invalid IDs and exits 1', () => {
    const { output, exitCode } = runIdCheck(['11010519491231002x', '110105194912310021', ''], { json: false, today: TODAY });
    expect(output.split('\n')).toEqual([
      '11010519491231002X valid region=110105 birth=1949-12-31 sex=female',
      '110105194912310021 invalid ID_CHECK_CHARACTER 校验码错误 / check character is wrong',
      '"" invalid ID_EMPTY 身份证号码不能为空 / ID number is empty',
    ]);
    expect(exitCode).toBe(1);
  });

  it('uses the injected today for the future-birth-date rule', () => {
    expect(runIdCheck(['110105202403010026'], { json: false, today: '2024-02-29' })).toEqual({
      output: '110105202403010026 invalid ID_BIRTH_DATE_FUTURE 出生日期晚于今天 / birth date is in the future',
      exitCode: 1,
    });
    expect(runIdCheck(['110105202403010026'], { json: false, today: '2024-03-01' }).exitCode).toBe(0);
  });

  it('prints a JSON array with --json', () => {
    const { output, exitCode } = runIdCheck(['130503670401001', '990000199001010017'], { json: true, today: TODAY });
    expect(JSON.parse(output)).toEqual([
      {
        input: '130503670401001',
        valid: true,
        regionCode: '130503',
        birthDate: '1967-04-01',
        sex: 'male',
        idNumber: '130503196704010016',
      },
      {
        input: '990000199001010017',
        valid: false,
        code: 'ID_REGION_UNKNOWN',
        message: { zh: '地址码无法识别', en: 'region code is not recognised' },
      },
    ]);
    expect(exitCode).toBe(1);
  });

  it('treats an empty list as all valid', () => {
    expect(runIdCheck([], { json: false })).toEqual({ output: '', exitCode: 0 });
    expect(runIdCheck([], { json: true })).toEqual({ output: '[]', exitCode: 0 });
  });
});
