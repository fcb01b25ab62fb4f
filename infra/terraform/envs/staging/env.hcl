# Staging: what differs from production. Shared values are in ../common.hcl.
# Its own AWS account, deployed on merge to the `staging` branch, IP-restricted,
# business hours only, destroyable with one command
# (`terragrunt run --all destroy` in this folder).
locals {
  environment    = "staging"
  aws_account_id = "111111111111" # TODO: the staging account ID (also deploy.yml environments.staging.accountId)
  github_branch  = "staging"
  # run --all destroy is DestroyStaging's job (seed 000)
  prevent_destroy = false

  # network: one NAT gateway, no interface endpoints (cost)
  one_nat_gateway_per_az     = false
  enable_interface_endpoints = false
  flow_log_retention_days    = 7

  # security / edge: only the office may pass the WAF
  waf_allowed_ip_cidrs = ["203.0.113.0/24"] # TODO: office / VPN egress addresses

  # compute: small tasks (every service), scale to zero outside business hours (seed 001).
  # Business hours have one mechanism: these Application Auto Scaling scheduled
  # actions (modules/compute/autoscaling.tf): min = max = 0 from 20:00, back to
  # min_capacity..max_capacity at 08:00 JST, Monday to Friday; weekends stay at zero.
  task_size = {
    cpu           = 256
    memory        = 512
    desired_count = 1
    min_capacity  = 1
    max_capacity  = 2
  }
  business_hours = {
    timezone   = "Asia/Tokyo"
    start_cron = "cron(0 8 ? * MON-FRI *)"
    stop_cron  = "cron(0 20 ? * MON-FRI *)"
  }
  alb_deletion_protection = false
  log_retention_days      = 7

  # database: writer only, small range, throwaway
  db_max_capacity             = 2
  db_reader_count             = 0
  db_deletion_protection      = false
  db_skip_final_snapshot      = true
  db_connections_threshold    = 80
  enhanced_monitoring_seconds = 0

  # storage: anything may be deleted by destroy
  force_destroy     = true
  enable_versioning = false
}
