const policy = "default-src 'self'; frame-ancestors 'none'";

const hardening = [
  { key: 'Content-Security-Policy', value: policy },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' },
];

export default {
  async headers() {
    return [{ source: '/(.*)', headers: hardening }];
  },
};
