mock_provider "aws" {
  mock_data "aws_region" {
    defaults = {
      name = "ap-northeast-1"
    }
  }
}

variables {
  project            = "bookmark-manager"
  environment        = "staging"
  availability_zones = ["ap-northeast-1a", "ap-northeast-1c"]
}

run "staging_layout" {
  command = plan

  assert {
    condition     = aws_vpc.this.cidr_block == "10.0.0.0/16"
    error_message = "VPC CIDR must be 10.0.0.0/16."
  }

  assert {
    condition     = aws_subnet.public[*].cidr_block == ["10.0.1.0/24", "10.0.2.0/24"]
    error_message = "Public subnets must be 10.0.1.0/24 and 10.0.2.0/24."
  }

  assert {
    condition     = aws_subnet.private[*].cidr_block == ["10.0.11.0/24", "10.0.12.0/24"]
    error_message = "Private subnets must be 10.0.11.0/24 and 10.0.12.0/24."
  }

  assert {
    condition     = aws_subnet.database[*].cidr_block == ["10.0.21.0/24", "10.0.22.0/24"]
    error_message = "Database subnets must be 10.0.21.0/24 and 10.0.22.0/24."
  }

  assert {
    condition     = aws_subnet.public[*].availability_zone == ["ap-northeast-1a", "ap-northeast-1c"] && aws_subnet.database[*].availability_zone == ["ap-northeast-1a", "ap-northeast-1c"]
    error_message = "Each tier must span both AZs."
  }

  assert {
    condition     = alltrue([for s in concat(aws_subnet.private, aws_subnet.public) : s.map_public_ip_on_launch != true])
    error_message = "No subnet may hand out public IPs automatically."
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 1 && length(aws_route.private_nat) == 2
    error_message = "Staging uses one NAT gateway shared by both private route tables."
  }

  assert {
    condition     = aws_route.public_internet.destination_cidr_block == "0.0.0.0/0"
    error_message = "Public subnets route to the internet gateway."
  }

  assert {
    condition     = length(aws_route_table_association.database) == 2
    error_message = "Database subnets use their own route table (no internet route)."
  }

  assert {
    condition     = aws_vpc_endpoint.s3[0].vpc_endpoint_type == "Gateway" && aws_vpc_endpoint.s3[0].service_name == "com.amazonaws.ap-northeast-1.s3"
    error_message = "The S3 gateway endpoint must exist."
  }

  assert {
    condition     = toset(keys(aws_vpc_endpoint.interface)) == toset(["ecr.api", "ecr.dkr", "logs", "ssm", "ssmmessages"])
    error_message = "ECR api/dkr, Logs and SSM interface endpoints must exist by default."
  }

  assert {
    condition     = aws_security_group_rule.endpoints_https_in[0].from_port == 443 && join(",", aws_security_group_rule.endpoints_https_in[0].cidr_blocks) == "10.0.0.0/16"
    error_message = "Interface endpoints accept HTTPS from the VPC only."
  }

  assert {
    condition     = aws_flow_log.this[0].traffic_type == "ALL"
    error_message = "VPC flow logs must capture all traffic."
  }
}

run "production_nat_per_az" {
  command = plan

  variables {
    environment            = "production"
    one_nat_gateway_per_az = true
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 2 && length(aws_eip.nat) == 2
    error_message = "Production has one NAT gateway per AZ."
  }
}

run "endpoints_can_be_switched_off" {
  command = plan

  variables {
    enable_interface_endpoints = false
    enable_nat_gateway         = false
  }

  assert {
    condition     = length(aws_vpc_endpoint.interface) == 0 && length(aws_security_group.endpoints) == 0
    error_message = "No interface endpoints when switched off."
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 0 && length(aws_route.private_nat) == 0
    error_message = "No NAT gateway when switched off."
  }
}

run "rejects_a_single_az" {
  command = plan

  variables {
    availability_zones = ["ap-northeast-1a"]
  }

  expect_failures = [var.availability_zones]
}
