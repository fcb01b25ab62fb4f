# Production: its own AWS account, deployed on merge to the `production`
# branch (GitHub environment with approval), multi-AZ, WAF, deletion protection.
locals {
  environment    = "production"
  aws_region     = "ap-northeast-1"
  aws_account_id = "222222222222" # TODO: the production account ID

  github_repository = "example-org/deploy-pipeline" # TODO: owner/name of this repository
  github_branch     = "production"

  availability_zones = ["ap-northeast-1a", "ap-northeast-1c"]
  assets_bucket_name = "bookmark-manager-production-assets-222222222222"

  # network: a NAT gateway per AZ, interface endpoints (less NAT traffic, seed 004)
  one_nat_gateway_per_az     = true
  enable_interface_endpoints = true
  flow_log_retention_days    = 30

  # security / edge
  alb_ingress_source   = "cloudfront"
  enable_waf           = true
  waf_allowed_ip_cidrs = []
  waf_rate_limit       = 2000
  domain_names         = [] # TODO: e.g. ["www.example.com"] once the zone exists
  route53_zone_id      = null
  # ACM certificate (ap-northeast-1) for alb_origin_domain_name; null = CloudFront reaches the ALB over HTTP.
  alb_certificate_arn    = null
  alb_origin_domain_name = null

  # compute: seed 004 sizes, always on
  services = {
    web = {
      container_port    = 3000
      cpu               = 512
      memory            = 1024
      desired_count     = 2
      min_capacity      = 2
      max_capacity      = 10
      health_check_path = "/api/health"
    }
    api = {
      container_port    = 3001
      cpu               = 512
      memory            = 1024
      desired_count     = 2
      min_capacity      = 2
      max_capacity      = 10
      health_check_path = "/health"
      path_patterns     = ["/api/*"]
    }
  }
  business_hours          = null
  memory_target_percent   = 80
  alb_deletion_protection = true
  log_retention_days      = 30

  # database: writer + reader (multi-AZ), 0.5-16 ACU, protected
  db_engine_version           = "16.6"
  db_min_capacity             = 0.5
  db_max_capacity             = 16
  db_reader_count             = 1
  db_deletion_protection      = true
  db_skip_final_snapshot      = false
  db_connections_threshold    = 400
  external_secret_names       = ["MONGODB_URI"]
  enhanced_monitoring_seconds = 60

  # storage
  force_destroy     = false
  enable_versioning = true

  alarm_email_addresses = [] # TODO: on-call addresses
}
