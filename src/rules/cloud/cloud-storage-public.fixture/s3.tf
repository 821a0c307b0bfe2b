resource "aws_s3_bucket" "assets" {
  bucket = "acme-assets"
}

resource "aws_s3_bucket_acl" "assets" {
  bucket = aws_s3_bucket.assets.id
  # ruleid: cloud-storage-public
  acl    = "public-read"
}

resource "aws_s3_bucket" "reports" {
  bucket = "acme-reports"
  # ok: cloud-storage-public
  acl    = "private"
}

resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
  # ok: cloud-storage-public
  acl    = "public-read"
}

resource "aws_s3_bucket_public_access_block" "site" {
  bucket                  = aws_s3_bucket.site.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
