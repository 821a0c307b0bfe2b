<?php
session_destroy();
// ruleid: open-redirect
header('Location: ' . $_GET['next']);
