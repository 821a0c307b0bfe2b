<?php
// ruleid: command-injection
exec("tar czf /tmp/b.tgz " . $_POST['dir']);
// ok: command-injection
exec("tar czf /tmp/b.tgz " . escapeshellarg($_POST['dir']));
