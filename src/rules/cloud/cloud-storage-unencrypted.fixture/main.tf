# ruleid: cloud-storage-unencrypted
resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}

# ok: cloud-storage-unencrypted
resource "aws_s3_bucket" "invoices" {
  bucket = "acme-invoices"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "invoices" {
  bucket = aws_s3_bucket.invoices.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = "alias/invoices"
    }
  }
}
