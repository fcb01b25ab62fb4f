# Staging: its own AWS account, deployed on merge to the `staging` branch,
# IP-restricted, business hours only, destroyable with one command
# (`terragrunt run --all destroy` in this folder).
locals {
  environment    = "staging"
  aws_region     = "ap-northeast-1"
  aws_account_id = "111111111111" # TODO: the staging account ID

  github_repository = "example-org/deploy-pipeline" # TODO: owner/name of this repository
  github_branch     = "staging"

  availability_zones = ["ap-northeast-1a", "ap-northeast-1c"]
  assets_bucket_name = "bookmark-manager-staging-assets-111111111111"

  # network: one NAT gateway, no interface endpoints (cost)
  one_nat_gateway_per_az     = false
  enable_interface_endpoints = false
  flow_log_retention_days    = 7

  # security / edge: only the office may pass the WAF; the ALB only answers CloudFront
  alb_ingress_source   = "cloudfront"
  enable_waf           = true
  waf_allowed_ip_cidrs = ["203.0.113.0/24"] # TODO: office / VPN egress addresses
  waf_rate_limit       = 2000
  domain_names         = []
  route53_zone_id      = null
  # ACM certificate (ap-northeast-1) for alb_origin_domain_name; null = CloudFront reaches the ALB over HTTP.
  alb_certificate_arn    = null
  alb_origin_domain_name = null

  # compute: small tasks, scale to zero outside business hours (seed 001)
  services = {
    web = {
      container_port    = 3000
      cpu               = 256
      memory            = 512
      desired_count     = 1
      min_capacity      = 1
      max_capacity      = 2
      health_check_path = "/api/health"
    }
    api = {
      container_port    = 3001
      cpu               = 256
      memory            = 512
      desired_count     = 1
      min_capacity      = 1
      max_capacity      = 2
      health_check_path = "/health"
      path_patterns     = ["/api/*"]
    }
  }
  business_hours = {
    timezone   = "Asia/Tokyo"
    start_cron = "cron(0 8 ? * MON-FRI *)"
    stop_cron  = "cron(0 20 ? * MON-FRI *)"
  }
  memory_target_percent   = 80
  alb_deletion_protection = false
  log_retention_days      = 7

  # database: writer only, small range, throwaway
  db_engine_version           = "16.6"
  db_min_capacity             = 0.5
  db_max_capacity             = 2
  db_reader_count             = 0
  db_deletion_protection      = false
  db_skip_final_snapshot      = true
  db_connections_threshold    = 80
  external_secret_names       = ["MONGODB_URI"]
  enhanced_monitoring_seconds = 0

  # storage: anything may be deleted by destroy
  force_destroy     = true
  enable_versioning = false

  alarm_email_addresses = []
}
