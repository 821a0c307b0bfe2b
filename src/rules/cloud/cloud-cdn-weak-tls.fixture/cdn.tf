resource "aws_cloudfront_distribution" "legacy" {
  enabled = true
  origin {
    domain_name = "legacy.example.com"
    origin_id   = "legacy"
  }
  default_cache_behavior {
    target_origin_id       = "legacy"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    # ruleid: cloud-cdn-weak-tls
    viewer_protocol_policy = "allow-all"
  }
  viewer_certificate {
    acm_certificate_arn      = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
    ssl_support_method       = "sni-only"
    # ruleid: cloud-cdn-weak-tls
    minimum_protocol_version = "TLSv1_2016"
  }
}

resource "aws_cloudfront_distribution" "site" {
  enabled = true
  origin {
    domain_name = "site.example.com"
    origin_id   = "site"
  }
  default_cache_behavior {
    target_origin_id       = "site"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    # ok: cloud-cdn-weak-tls
    viewer_protocol_policy = "redirect-to-https"
  }
  viewer_certificate {
    acm_certificate_arn      = "arn:aws:acm:us-east-1:123456789012:certificate/def"
    ssl_support_method       = "sni-only"
    # ok: cloud-cdn-weak-tls
    minimum_protocol_version = "TLSv1.2_2021"
  }
}
