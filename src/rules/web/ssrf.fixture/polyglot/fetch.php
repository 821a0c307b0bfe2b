<?php
// ruleid: ssrf
$body = file_get_contents($_GET['url']);
echo strlen($body);
