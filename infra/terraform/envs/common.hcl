# Settings of the environment a unit belongs to, built in one place:
#
#   shared values (below)  <  envs/<environment>/env.hcl  <  derived names
#
# Every consumer (root.hcl and each _envcommon/<unit>.hcl) reads them with
#
#   settings = read_terragrunt_config(find_in_parent_folders("common.hcl")).locals.settings
#
# env.hcl holds only what differs between environments and may override any
# shared value. Inside a file read with read_terragrunt_config,
# get_original_terragrunt_dir() is the folder of the unit being run
# (envs/<environment>/<unit>), so its parent holds the environment's env.hcl.
#
# project and aws_region are also deploy.yml's `project` and `region`, and each
# env.hcl's aws_account_id and github_branch are deploy.yml's
# environments.<env>.accountId and branch: tools/check-terragrunt.mjs fails
# when they disagree.
locals {
  shared = {
    project            = "bookmark-manager"
    aws_region         = "ap-northeast-1"
    availability_zones = ["ap-northeast-1a", "ap-northeast-1c"]
    github_repository  = "example-org/deploy-pipeline" # TODO: owner/name of this repository

    # security / edge: the ALB only answers CloudFront; WAF in front of CloudFront
    alb_ingress_source = "cloudfront"
    enable_waf         = true
    waf_rate_limit     = 2000
    # Custom domain: none yet (an environment sets domain_names and route53_zone_id once its zone exists).
    domain_names    = []
    route53_zone_id = null
    # ACM certificate (ap-northeast-1) for alb_origin_domain_name; null = CloudFront reaches the ALB over HTTP.
    alb_certificate_arn    = null
    alb_origin_domain_name = null

    # compute: the services of deploy.yml (name, port, healthPath: checked against
    # deploy.yml); each environment sizes them with task_size.
    services = {
      web = {
        container_port    = 3000
        health_check_path = "/health"
      }
      api = {
        container_port    = 3001
        health_check_path = "/health"
        path_patterns     = ["/api/*"]
      }
    }
    memory_target_percent = 80

    # database: Aurora PostgreSQL Serverless v2 from 0.5 ACU
    db_engine_version     = "16.6"
    db_min_capacity       = 0.5
    external_secret_names = ["MONGODB_URI"]

    # monitoring: no subscribers until an environment lists them
    alarm_email_addresses = []
  }

  env    = read_terragrunt_config("${dirname(get_original_terragrunt_dir())}/env.hcl").locals
  merged = merge(local.shared, local.env)

  settings = merge(local.merged, {
    # Created by scripts/bootstrap_state.sh (same name), never by Terragrunt.
    state_bucket = "${local.merged.project}-${local.merged.environment}-tfstate-${local.merged.aws_account_id}"
    # Bucket names are global: the account id keeps environments and forks apart.
    assets_bucket_name = "${local.merged.project}-${local.merged.environment}-assets-${local.merged.aws_account_id}"
    services = {
      for name, service in local.merged.services : name => merge(service, local.merged.task_size)
    }
  })
}
