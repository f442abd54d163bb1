import { IsUserName } from './call-record.decorators.js';

export class UserNameParamsDto {
  @IsUserName()
  readonly user_name!: string;
}
