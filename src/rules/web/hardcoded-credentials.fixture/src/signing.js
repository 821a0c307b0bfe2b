const crypto = require('crypto');
const express = require('express');
const cookieParser = require('cookie-parser');
const { HDNodeWallet } = require('ethers');

const app = express();
// ruleid: hardcoded-credentials
app.use(cookieParser('keyboard-cat-signing'));
// ok: hardcoded-credentials
app.use(cookieParser(process.env.COOKIE_SECRET));

// ruleid: hardcoded-credentials
const answerHash = (answer) => crypto.createHmac('sha256', 'q8ZrT4mW1pLx').update(answer).digest('hex');
// ok: hardcoded-credentials
const tokenHash = (token) => crypto.createHmac('sha256', process.env.HMAC_KEY).update(token).digest('hex');

function treasury() {
  // ruleid: hardcoded-credentials
  const mnemonic = 'purple either ladder blame crunch monitor spin slide donate sport lift clutch';
  return HDNodeWallet.fromPhrase(mnemonic);
}

module.exports = { app, answerHash, tokenHash, treasury };
