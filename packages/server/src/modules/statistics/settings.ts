/** The system_setting key the demo loader writes (packages/cli demo.ts): its value names the demo region. */
export const DEMO_SETTING_KEY = 'demo.synthetic';
