<?php
// ruleid: code-injection
include $_GET['page'] . '.php';
// ok: code-injection
include 'header.php';
