locals {
  name_prefix = "${var.project}-${var.environment}"
}

# Seed 004: M10, 3-node replica set in AP_NORTHEAST_1, MongoDB 8.0, disk auto-scaling.
resource "mongodbatlas_cluster" "this" {
  project_id = var.atlas_project_id
  name       = local.name_prefix

  provider_name               = "AWS"
  provider_region_name        = var.atlas_region
  provider_instance_size_name = var.instance_size

  mongo_db_major_version       = var.mongo_db_major_version
  cluster_type                 = "REPLICASET"
  replication_factor           = 3
  auto_scaling_disk_gb_enabled = true
  cloud_backup                 = true
}

# Only the VPC's NAT gateways may connect.
resource "mongodbatlas_project_ip_access_list" "nat" {
  for_each = toset(var.allowed_ip_addresses)

  project_id = var.atlas_project_id
  ip_address = each.key
  comment    = "${local.name_prefix} NAT gateway"
}

resource "mongodbatlas_database_user" "app" {
  project_id         = var.atlas_project_id
  auth_database_name = "admin"
  username           = "${local.name_prefix}-app"
  password           = var.app_user_password

  roles {
    role_name     = "readWrite"
    database_name = var.database_name
  }

  scopes {
    name = mongodbatlas_cluster.this.name
    type = "CLUSTER"
  }
}

resource "aws_ssm_parameter" "mongodb_uri" {
  name        = "/${var.project}/${var.environment}/MONGODB_URI"
  description = "MongoDB Atlas connection string of ${local.name_prefix}"
  type        = "SecureString"

  value_wo = replace(
    mongodbatlas_cluster.this.connection_strings[0].standard_srv,
    "mongodb+srv://",
    "mongodb+srv://${urlencode(mongodbatlas_database_user.app.username)}:${urlencode(var.app_user_password)}@"
  )
  value_wo_version = var.app_user_password_version

  tags = var.tags
}
