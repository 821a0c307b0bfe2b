resource "aws_db_instance" "legacy" {
  identifier          = "legacy"
  engine              = "mysql"
  instance_class      = "db.t3.micro"
  storage_encrypted   = true
  # ruleid: cloud-database-publicly-accessible
  publicly_accessible = true
}

resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  storage_encrypted   = true
  # ok: cloud-database-publicly-accessible
  publicly_accessible = false
}
