import { PrescribeScreen } from './PrescribeScreen';

export type { PrescribeScreenProps } from './PrescribeScreen';
export { PrescribeScreen };
export default PrescribeScreen;
