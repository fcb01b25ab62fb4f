locals {
  name_prefix = "${var.project}-${var.environment}"
  az_count    = length(var.availability_zones)
  nat_count   = var.enable_nat_gateway ? (var.one_nat_gateway_per_az ? local.az_count : 1) : 0
}

data "aws_region" "current" {}

resource "aws_vpc" "this" {
  cidr_block           = var.vpc_cidr
  enable_dns_hostnames = true
  enable_dns_support   = true

  tags = merge(var.tags, { Name = "${local.name_prefix}-vpc" })
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${local.name_prefix}-igw" })
}
