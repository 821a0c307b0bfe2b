<?php
$base = __DIR__ . '/invoices/';

// ruleid: path-traversal
readfile($base . $_GET['file']);

// ok: path-traversal
readfile($base . basename($_GET['file']));

// ruleid: path-traversal
unlink('/var/app/tmp/' . $_POST['name']);
