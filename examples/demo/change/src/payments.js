// Payment provider settings.
export const payments = {
  region: 'eu-west-1',
  accessKeyId: '{{AWS_ACCESS_KEY_ID}}',
};
