import {
  IsPageCursor,
  IsPageLimit,
} from '../../../platform/validation/page-query.decorators.js';
import { decodePlanCursor } from '../../domain/tariff-cursors.js';

export class PlansQueryDto {
  @IsPageLimit('Plans')
  readonly limit?: number;

  @IsPageCursor(decodePlanCursor, 'cGxhbjpnb2xk')
  readonly cursor?: string;
}
