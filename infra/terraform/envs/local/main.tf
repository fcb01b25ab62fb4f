# The local cloud: the same modules as staging/production, one plain Terraform
# root, applied against moto. Differences are inputs only (see README.md).

locals {
  environment = "local"
  name_prefix = "${var.project}-${local.environment}"
  # One home for the name: storage creates it, security and ci_access grant on it.
  assets_bucket_name = "${local.name_prefix}-assets"
  tags = {
    Project     = var.project
    Environment = local.environment
    ManagedBy   = "terraform"
  }

  # The services of every environment (../services.json, which staging and
  # production read through common.hcl): the same ports, health check paths
  # and path patterns, so a wrong health path there fails the local deploy too.
  # Only the counts are the local cloud's (and the ports, when web_port /
  # api_port override them).
  port_overrides = { web = var.web_port, api = var.api_port }
  services = {
    for name, service in jsondecode(file("${path.module}/../services.json")).services : name => merge(
      service,
      { desired_count = 1 },
      { for k, v in { container_port = lookup(local.port_overrides, name, null) } : k => v if v != null },
    )
  }
}

module "ecr" {
  source = "../../modules/ecr"

  project      = var.project
  environment  = local.environment
  repositories = ["web", "api"]
  force_delete = true
}

module "network" {
  source = "../../modules/network"

  project            = var.project
  environment        = local.environment
  availability_zones = ["${var.aws_region}a", "${var.aws_region}c"]
}

module "security" {
  source = "../../modules/security"
  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  project            = var.project
  environment        = local.environment
  vpc_id             = module.network.vpc_id
  app_ports          = [for s in values(local.services) : s.container_port]
  alb_ingress_source = "internet"
  assets_bucket_arn  = "arn:aws:s3:::${local.assets_bucket_name}"
  enable_waf         = true
  # As staging: an allow list (here the browser's and the tests' loopback
  # address), so every local deploy proves that the smoke test passes it by its
  # secret header: it connects from 127.0.0.2, outside the list, like a CI runner.
  waf_allowed_ip_cidrs = ["127.0.0.1/32"]
}

module "database" {
  source = "../../modules/database"

  project                       = var.project
  environment                   = local.environment
  database_subnet_ids           = module.network.database_subnet_ids
  security_group_ids            = [module.security.database_security_group_id]
  deletion_protection           = false
  skip_final_snapshot           = true
  apply_immediately             = true
  performance_insights_enabled  = var.enable_performance_insights
  database_url_override         = var.local_database_url
  database_url_override_version = var.local_database_url_version
}

module "compute" {
  source = "../../modules/compute"

  project                 = var.project
  environment             = local.environment
  vpc_id                  = module.network.vpc_id
  public_subnet_ids       = module.network.public_subnet_ids
  task_subnet_ids         = module.network.private_subnet_ids
  alb_security_group_id   = module.security.alb_security_group_id
  ecs_security_group_id   = module.security.ecs_security_group_id
  task_execution_role_arn = module.security.task_execution_role_arn
  task_role_arn           = module.security.task_role_arn
  ecr_repository_urls     = module.ecr.ecr_repository_urls
  initial_image_tag       = var.initial_image_tag
  container_secrets       = module.database.secret_parameter_arns
  enable_autoscaling      = var.enable_autoscaling
  log_retention_days      = 7
  services                = local.services

  # The local cloud's sizes: a replaced task leaves the target group in
  # seconds and a new one is healthy within about 10 s.
  deregistration_delay_seconds  = 5
  health_check_interval_seconds = 5
  health_check_timeout_seconds  = 2
}

module "edge" {
  source = "../../modules/edge"
  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  project                            = var.project
  environment                        = local.environment
  assets_bucket_regional_domain_name = module.storage.assets_bucket_regional_domain_name
  alb_dns_name                       = module.compute.alb_dns_name
  alb_origin_protocol_policy         = "http-only"
  ignore_changes_after_create        = var.cloudfront_ignore_changes
  web_acl_arn                        = module.security.waf_web_acl_arn
  wait_for_deployment                = false
  # As staging: pages from the ALB, /assets/* from S3, and the secret the ALB requires.
  default_origin = "alb"
  origin_verify_header = {
    name  = module.compute.origin_verify_header_name
    value = module.compute.origin_verify_header_value
  }
}

module "storage" {
  source = "../../modules/storage"

  project                     = var.project
  environment                 = local.environment
  bucket_name                 = local.assets_bucket_name
  cloudfront_distribution_arn = module.edge.cloudfront_distribution_arn
  force_destroy               = true
  # moto serves plain HTTP and enforces bucket policies: a TLS-only deny would refuse the pipeline's sync.
  deny_insecure_transport = false
}

module "monitoring" {
  source = "../../modules/monitoring"

  project               = var.project
  environment           = local.environment
  ecs_cluster_name      = module.compute.ecs_cluster_name
  ecs_service_names     = module.compute.ecs_service_names
  alb_arn_suffix        = module.compute.alb_arn_suffix
  db_cluster_identifier = module.database.cluster_identifier
}

# The GitHub OIDC provider and the three GitHub roles (deploy, infra, plan), by
# naming convention like in staging/production: no other module's outputs.
module "ci_access" {
  source = "../../modules/ci-access"
  count  = var.enable_ci_access ? 1 : 0

  project            = var.project
  environment        = local.environment
  github_repository  = var.github_repository
  state_bucket_name  = var.deploy_state_bucket
  assets_bucket_name = local.assets_bucket_name
}
