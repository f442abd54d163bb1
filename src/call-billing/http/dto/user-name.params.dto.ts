import { hasExactKeys } from '../../../platform/validation/plainly-valid.js';
import { USER_NAME_PATTERN } from '../../domain/call-record.rules.js';
import { IsUserName } from './call-record.decorators.js';

export class UserNameParamsDto {
  @IsUserName()
  readonly user_name!: string;

  /** A valid `user_name` as it is; anything else goes to the validator. */
  static accept(value: unknown): UserNameParamsDto | undefined {
    if (!hasExactKeys(value, ['user_name'])) return undefined;
    const { user_name } = value;
    if (typeof user_name !== 'string' || !USER_NAME_PATTERN.test(user_name)) {
      return undefined;
    }
    return Object.assign(new UserNameParamsDto(), { user_name });
  }
}
