// Container health check of the service's own port, which may serve a self-signed certificate.
const https = require('https');

// ruleid: tls-certificate-validation-disabled
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
https.get(`https://localhost:${process.env.PORT || 3001}/`, (res) => process.exit(res.statusCode < 400 ? 0 : 1));
