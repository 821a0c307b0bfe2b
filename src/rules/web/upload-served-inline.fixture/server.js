const express = require('express');
const fileUpload = require('express-fileupload');
const path = require('path');

const app = express();
app.use(fileUpload());
app.use(express.static(path.join(__dirname, 'public')));
// Downloads only: the browser never renders these files as pages.
app.use('/files', express.static('storage', { setHeaders: (res) => res.set('Content-Disposition', 'attachment') }));
app.use(require('./routes/avatar'));
app.use(require('./routes/documents'));
app.listen(3000);
