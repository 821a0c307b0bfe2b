const express = require('express');
const { sessionToken } = require('./tokens');

const app = express();
app.use(express.json());
app.post('/login', async (req, res) => res.json({ token: sessionToken(await findUser(req.body)) }));
app.listen(3000);

async function findUser() { return { id: 1, username: 'a' }; }
