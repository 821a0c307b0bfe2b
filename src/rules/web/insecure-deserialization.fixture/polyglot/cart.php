<?php
// ruleid: insecure-deserialization
$cart = unserialize($_COOKIE['cart']);
// ok: insecure-deserialization
$prefs = json_decode($_COOKIE['prefs'], true);
