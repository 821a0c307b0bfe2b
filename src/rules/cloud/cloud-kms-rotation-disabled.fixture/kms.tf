# ruleid: cloud-kms-rotation-disabled
resource "aws_kms_key" "data" {
  description = "application data"
}

resource "aws_kms_key" "backups" {
  description         = "backups"
  # ok: cloud-kms-rotation-disabled
  enable_key_rotation = true
}

# ok: cloud-kms-rotation-disabled
resource "aws_kms_key" "signing" {
  description              = "signing"
  customer_master_key_spec = "ECC_NIST_P256"
  key_usage                = "SIGN_VERIFY"
}
