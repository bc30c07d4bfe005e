import { describe, expect, it } from '@jest/globals';
import { Authorized, getMetadataStorage, UseMiddleware } from 'type-graphql';
import { DeviceResolver } from '../../src/device/index.js';
import { declaresNoChecks } from '../../src/root/index.js';

class Unchecked {
  compliance() {}
}
class FieldChecked {
  @Authorized('posture:read')
  compliance() {}
}
class FieldMiddleware {
  @UseMiddleware(async (_, next) => next())
  compliance() {}
}
@Authorized('posture:read')
class ClassChecked {
  compliance() {}
}

describe('declaresNoChecks: when Device.compliance may skip type-graphql’s wrapper', () => {
  it('is true for a field nothing is declared on, as DeviceResolver.compliance today', () => {
    expect(declaresNoChecks(Unchecked, 'compliance')).toBe(true);
    expect(declaresNoChecks(DeviceResolver, 'compliance')).toBe(true);
  });

  it('is false once the field or its resolver class declares an auth check or a middleware, so none is bypassed', () => {
    expect(getMetadataStorage().authorizedFields.some((meta) => meta.target === FieldChecked)).toBe(true);
    expect(declaresNoChecks(FieldChecked, 'compliance')).toBe(false);
    expect(declaresNoChecks(FieldMiddleware, 'compliance')).toBe(false);
    expect(declaresNoChecks(ClassChecked, 'compliance')).toBe(false);
  });
});
