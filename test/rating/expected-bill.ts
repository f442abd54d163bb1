/**
 * SPEC §3.2 restated: what a bill must say of the calls it covers, added up from the itemised
 * calls as the listing gives them (never from the service's totals).
 */
import { decimal, decimalsOf, micros, type RatedFields } from './oracle.js';
