// Postman-style dynamic variables: generators of sample request data.
const pick = (s) => s.charAt(Math.floor(Math.random() * s.length));
export const sampleValues = [
  { key: '$randomInt', getValue: () => String(Math.floor(Math.random() * 1000)) },
  { key: '$randomBoolean', getValue: () => String(Math.random() < 0.5) },
  { key: '$randomColor', getValue: () => ['red', 'green', 'blue'][Math.floor(Math.random() * 3)] },
  { key: '$randomHexColor', getValue: () => `#${Math.floor(Math.random() * 0xffffff).toString(16)}` },
  { key: '$randomIP', getValue: () => [0, 0, 0, 0].map(() => Math.floor(Math.random() * 255)).join('.') },
  { key: '$randomPort', getValue: () => String(1024 + Math.floor(Math.random() * 60000)) },
  { key: '$randomLatitude', getValue: () => String(Math.random() * 180 - 90) },
  { key: '$randomLongitude', getValue: () => String(Math.random() * 360 - 180) },
  { key: '$randomDigit', getValue: () => String(Math.floor(Math.random() * 10)) },
  {
    key: '$randomPassword',
    getValue: () => {
      let password = '';
      // ok: insecure-randomness-token
      for (let i = 0; i < 15; i++) password += pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789') + Math.random().toString(36)[2];
      return password;
    },
  },
];
