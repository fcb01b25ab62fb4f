# ARNs of the stack's resources, from the naming conventions of the other modules
# (never from their outputs): <prefix> = <project>-<environment>.
#
#   ecr        repositories        <prefix>-<image>
#   compute    cluster             <prefix>-cluster
#              services, families  <prefix>-<service>
#              log groups          /ecs/<prefix>-<service>
#   security   task roles          <prefix>-ecs-task-execution, <prefix>-ecs-task
#   network    flow logs           /vpc/<prefix>-flow-logs (role <prefix>-vpc-flow-logs)
#   database   master secret       <prefix>/aurora/master-password; parameters /<project>/<environment>/*
#   storage    buckets             <assets bucket> and <assets bucket>-logs
#   monitoring topic               <prefix>-alerts
#   edge       distribution        random id: distribution/* (the account holds one environment)
locals {
  arn_prefix = {
    for service in ["ecr", "ecs", "logs", "ssm", "secretsmanager", "sns"] :
    service => "arn:${local.partition}:${service}:${local.region}:${local.account_id}"
  }

  assets_bucket_name = coalesce(var.assets_bucket_name, "${local.name_prefix}-assets-${local.account_id}")

  arn = {
    ecr_repositories = "${local.arn_prefix.ecr}:repository/${local.name_prefix}-*"
    ecs_cluster      = "${local.arn_prefix.ecs}:cluster/${local.name_prefix}-cluster"
    ecs_services     = "${local.arn_prefix.ecs}:service/${local.name_prefix}-cluster/${local.name_prefix}-*"
    task_definitions = "${local.arn_prefix.ecs}:task-definition/${local.name_prefix}-*:*"
    ecs_tasks        = "${local.arn_prefix.ecs}:task/${local.name_prefix}-cluster/*"
    # Matches the log group and its streams (log-group:/ecs/<prefix>-api:*, ...:log-stream:...).
    service_log_groups = "${local.arn_prefix.logs}:log-group:/ecs/${local.name_prefix}-*"
    vpc_log_groups     = "${local.arn_prefix.logs}:log-group:/vpc/${local.name_prefix}-*"
    task_roles = [
      "arn:${local.partition}:iam::${local.account_id}:role/${local.name_prefix}-ecs-task-execution",
      "arn:${local.partition}:iam::${local.account_id}:role/${local.name_prefix}-ecs-task",
    ]
    stack_roles            = "arn:${local.partition}:iam::${local.account_id}:role/${local.name_prefix}-*"
    stack_policies         = "arn:${local.partition}:iam::${local.account_id}:policy/${local.name_prefix}-*"
    stack_instance_profile = "arn:${local.partition}:iam::${local.account_id}:instance-profile/${local.name_prefix}-*"
    github_roles           = "arn:${local.partition}:iam::${local.account_id}:role/${local.name_prefix}-github-*"
    service_linked_roles   = "arn:${local.partition}:iam::${local.account_id}:role/aws-service-role/*"
    assets_bucket          = "arn:${local.partition}:s3:::${local.assets_bucket_name}"
    asset_log_bucket       = "arn:${local.partition}:s3:::${local.assets_bucket_name}-logs"
    # Bucket-level reads only (the actions below take bucket ARNs): every bucket of the environment.
    stack_buckets  = "arn:${local.partition}:s3:::${local.name_prefix}-*"
    state_bucket   = "arn:${local.partition}:s3:::${var.state_bucket_name}"
    distributions  = "arn:${local.partition}:cloudfront::${local.account_id}:distribution/*"
    ssm_parameters = "${local.arn_prefix.ssm}:parameter/${var.project}/${var.environment}/*"
    stack_secrets  = "${local.arn_prefix.secretsmanager}:secret:${local.name_prefix}/*"
    # The database module's secret <prefix>/aurora/master-password (Secrets Manager appends -XXXXXX).
    master_password = "${local.arn_prefix.secretsmanager}:secret:${local.name_prefix}/aurora/master-password-*"
    alert_topics    = "${local.arn_prefix.sns}:${local.name_prefix}-*"
  }

  state_lock_files = "${local.arn.state_bucket}/*.tflock"
}
