import { ReferralsScreen } from './ReferralsScreen';

export type { ReferralsScreenProps } from './ReferralsScreen';
export { ReferralsScreen };
export default ReferralsScreen;
