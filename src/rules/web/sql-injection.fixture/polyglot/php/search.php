<?php
$conn = mysqli_connect('db', 'shop', getenv('DB_PASSWORD'), 'shop');
// ruleid: sql-injection
$rows = mysqli_query($conn, "SELECT * FROM items WHERE name = '" . $_GET['q'] . "'");
// ok: sql-injection
$one = mysqli_query($conn, "SELECT * FROM items WHERE id = " . intval($_GET['id']));
