# Production: what differs from staging. Shared values are in ../common.hcl.
# Its own AWS account, deployed on merge to the `production` branch (GitHub
# environment with approval), multi-AZ, deletion protection, always on.
locals {
  environment    = "production"
  aws_account_id = "222222222222" # TODO: the production account ID (also deploy.yml environments.production.accountId)
  github_branch  = "production"
  # Terragrunt refuses `destroy` here: production is stopped by hand, never by a command (seed 000).
  prevent_destroy = true

  # network: a NAT gateway per AZ, interface endpoints (less NAT traffic, seed 004)
  one_nat_gateway_per_az     = true
  enable_interface_endpoints = true
  flow_log_retention_days    = 30

  # security / edge: no allow list. TODO: domain_names (e.g. ["www.example.com"])
  # and route53_zone_id once the zone exists. TODO: alb_certificate_arn (ACM,
  # ap-northeast-1) and alb_origin_domain_name: the edge unit refuses
  # http-only to the ALB in production (the origin header's secret and every
  # page would cross the internet unencrypted), so production cannot plan the
  # edge unit until both are set.
  waf_allowed_ip_cidrs = []

  # compute: seed 004 sizes (every service), always on
  task_size = {
    cpu           = 512
    memory        = 1024
    desired_count = 2
    min_capacity  = 2
    max_capacity  = 10
  }
  business_hours          = null
  alb_deletion_protection = true
  log_retention_days      = 30

  # database: writer + reader (multi-AZ), 0.5-16 ACU, protected
  db_max_capacity             = 16
  db_reader_count             = 1
  db_deletion_protection      = true
  db_skip_final_snapshot      = false
  db_connections_threshold    = 400
  enhanced_monitoring_seconds = 60

  # storage: kept, versioned
  force_destroy     = false
  enable_versioning = true

  # monitoring. TODO: the on-call addresses as alarm_email_addresses.

  # Promotion: deploys the images staging tested, read from staging's account
  # (common.hcl derives the repository ARNs and staging's pull permission).
  image_source_environment = "staging"
}
