resource "aws_db_instance" "analytics" {
  identifier        = "analytics"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  # ruleid: cloud-database-unencrypted
  storage_encrypted = false
}

resource "aws_db_instance" "orders" {
  identifier        = "orders"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  # ok: cloud-database-unencrypted
  storage_encrypted = true
}
