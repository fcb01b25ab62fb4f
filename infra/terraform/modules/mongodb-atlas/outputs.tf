output "cluster_name" {
  description = "Atlas cluster name."
  value       = mongodbatlas_cluster.this.name
}

output "ssm_parameter_names" {
  description = "Map with MONGODB_URI -> SSM parameter name."
  value       = { MONGODB_URI = aws_ssm_parameter.mongodb_uri.name }
}
