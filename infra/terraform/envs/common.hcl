# Settings of the environments, built in one place:
#
#   shared values (below, services from services.json)  <  envs/<environment>/env.hcl  <  derived names
#
# Every folder next to this file that holds an env.hcl is an environment.
# Consumers (root.hcl and each _envcommon/<unit>.hcl, all evaluated for a unit)
# pick their unit's environment, the folder holding the env.hcl above them:
#
#   environment = basename(dirname(find_in_parent_folders("env.hcl")))
#   settings    = read_terragrunt_config(find_in_parent_folders("common.hcl")).locals.settings[local.environment]
#
# env.hcl holds only what differs between environments and may override any
# shared value. (Inside a file read with read_terragrunt_config,
# get_terragrunt_dir() is that file's folder: this one.)
#
# project and aws_region are also deploy.yml's `project` and `region`, and each
# env.hcl's aws_account_id and github_branch are deploy.yml's
# environments.<env>.accountId and branch: tools/check-terragrunt.mjs fails
# when they disagree.
locals {
  # compute: the services of every environment (name, container_port,
  # health_check_path, path_patterns), in one file that the local root
  # (envs/local/main.tf) reads too, so the local deploy rehearses the same
  # health checks. deploy.yml's services (name, port, healthPath) must agree
  # (checked); each environment sizes them with task_size.
  services = jsondecode(file("${get_terragrunt_dir()}/services.json")).services

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
    # ACM certificate (ap-northeast-1) for alb_origin_domain_name; null = CloudFront reaches the ALB over HTTP
    # (refused in production by the edge module: production's env.hcl must set both).
    alb_certificate_arn    = null
    alb_origin_domain_name = null
    # CloudFront's default behaviour: alb = pages from the web service through the ALB, /assets/* from S3;
    # s3 = the SPA-only shape (everything but /api/* from S3; cdn_spa_fallback maps 403/404 to index.html).
    cdn_default_origin = "alb"
    cdn_spa_fallback   = false

    # compute: the services come from services.json (above).
    memory_target_percent = 80

    # database: Aurora PostgreSQL Serverless v2 from 0.5 ACU
    db_engine_version     = "16.6"
    db_min_capacity       = 0.5
    external_secret_names = ["MONGODB_URI"]

    # monitoring: no subscribers until an environment lists them
    alarm_email_addresses = []

    # Promotion: the environment whose images this one deploys (PromoteImages);
    # null = it builds its own. Production sets staging.
    image_source_environment = null
  }

  merged = {
    for file in fileset(get_terragrunt_dir(), "*/env.hcl") :
    dirname(file) => merge(local.shared, { services = local.services }, read_terragrunt_config("${get_terragrunt_dir()}/${file}").locals)
  }

  settings = {
    for env, s in local.merged : env => merge(s, {
      # Created by scripts/bootstrap_state.sh (same name), never by Terragrunt.
      state_bucket = "${s.project}-${env}-tfstate-${s.aws_account_id}"
      # Bucket names are global: the account id keeps environments and forks apart.
      assets_bucket_name = "${s.project}-${env}-assets-${s.aws_account_id}"
      # Each service sized with the environment's task_size.
      services = { for name, service in s.services : name => merge(service, s.task_size) }
      # Promotion across accounts (ECR, by the naming conventions): this
      # environment's deploy role reads the source environment's repositories
      # (ci-access), and the source's repositories let that role pull (ecr).
      image_source_repository_arns = [
        for src, o in local.merged : "arn:aws:ecr:${o.aws_region}:${o.aws_account_id}:repository/${o.project}-${src}-*"
        if src == s.image_source_environment
      ]
      image_pull_principal_arns = [
        for dst, o in local.merged : "arn:aws:iam::${o.aws_account_id}:role/${o.project}-${dst}-github-deploy"
        if o.image_source_environment == env
      ]
    })
  }
}
