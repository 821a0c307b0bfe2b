const express = require('express');
const auth = require('./routes/auth');

const app = express();
app.use(express.json());
app.get('/resetpw', auth.resetPw);
app.post('/resetpw', auth.resetPwSubmit);
app.post('/forgot', auth.forgot);
app.post('/forgot-random', auth.forgotRandom);
app.get('/verify-email', auth.verifyEmail);
app.post('/reset-signed', auth.resetSigned);
app.listen(3000);
