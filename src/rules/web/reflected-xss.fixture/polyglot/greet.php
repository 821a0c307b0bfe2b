<?php
// ruleid: reflected-xss
echo "<h1>Hello " . $_GET['name'] . "</h1>";
// ok: reflected-xss
echo "<h1>Hello " . htmlspecialchars($_GET['name']) . "</h1>";
