locals {
  # Everything of a task definition but the image. The image is added from
  # terraform_data.image_tag, which follows these settings (below).
  task_settings = {
    for k, s in var.services : k => {
      family             = "${local.name_prefix}-${k}"
      cpu                = tostring(s.cpu)
      memory             = tostring(s.memory)
      execution_role_arn = var.task_execution_role_arn
      task_role_arn      = var.task_role_arn
      cpu_architecture   = var.cpu_architecture
      repository_url     = var.ecr_repository_urls[coalesce(s.repository, k)]
      container = {
        name      = k
        essential = true
        # Container-level memory equal to the task's (moto also requires it).
        memory = s.memory
        portMappings = [
          {
            containerPort = s.container_port
            protocol      = "tcp"
          }
        ]
        environment = [
          for name, value in merge(
            { NODE_ENV = "production", PORT = tostring(s.container_port) },
            var.container_environment,
            s.environment
          ) : { name = name, value = value }
        ]
        secrets = local.common_secrets
        logConfiguration = {
          logDriver = "awslogs"
          options = {
            "awslogs-group"         = aws_cloudwatch_log_group.service[k].name
            "awslogs-region"        = data.aws_region.current.name
            "awslogs-stream-prefix" = "ecs"
          }
        }
      }
    }
  }
}

# The image tag of the revisions Terraform registers: the one the pipeline passed
# (initial_image_tag) when the service's revision settings last changed. A new
# tag alone changes nothing (ignore_changes), so a deploy does not make Terraform
# register a revision of its own (the pipeline registers the deploy's revision,
# and "the previous revision" stays the previous deploy). When the settings
# change (environment, secrets, CPU, ...), this is replaced and takes the tag of
# that run, which the pipeline pushed before applying: every revision Terraform
# registers, the first one included, points at an image that exists.
resource "terraform_data" "image_tag" {
  for_each = var.services

  input            = var.initial_image_tag
  triggers_replace = sha256(jsonencode(local.task_settings[each.key]))

  lifecycle {
    ignore_changes = [input]
  }
}

resource "aws_ecs_task_definition" "this" {
  for_each = var.services

  family                   = local.task_settings[each.key].family
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = local.task_settings[each.key].cpu
  memory                   = local.task_settings[each.key].memory
  execution_role_arn       = local.task_settings[each.key].execution_role_arn
  task_role_arn            = local.task_settings[each.key].task_role_arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = local.task_settings[each.key].cpu_architecture
  }

  container_definitions = jsonencode([
    merge(local.task_settings[each.key].container, {
      image = "${local.task_settings[each.key].repository_url}${startswith(terraform_data.image_tag[each.key].input, "sha256:") ? "@" : ":"}${terraform_data.image_tag[each.key].input}"
    })
  ])

  tags = var.tags
}
