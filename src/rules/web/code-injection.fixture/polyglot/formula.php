<?php
// ruleid: code-injection
$value = eval('return ' . $_POST['formula'] . ';');

// ok: code-injection
$value = eval('return 6 * 7;');
echo intval($value);
