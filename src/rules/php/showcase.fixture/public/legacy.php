<?php
$conn = mysqli_connect('db', 'store', getenv('DB_PASSWORD'), 'store');
// ruleid: sql-injection
$result = mysqli_query($conn, "SELECT * FROM coupons WHERE code = '" . $_GET['code'] . "'");
// ruleid: reflected-xss
echo "<p>Coupon " . $_GET['code'] . " applied</p>";
// ruleid: insecure-deserialization
$cart = unserialize($_COOKIE['cart']);
// ruleid: code-injection
include $_GET['theme'] . '/footer.php';
