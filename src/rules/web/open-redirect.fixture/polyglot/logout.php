<?php
session_destroy();
// ruleid: open-redirect
header('Location: ' . $_GET['next']);
// ok: open-redirect
header('Location: /items/' . $_GET['id']);
