# Shared by the compute tests: the region, and known ARNs for the target groups
# (the listener rules and services reference them at plan time).

mock_data "aws_region" {
  defaults = {
    name = "ap-northeast-1"
  }
}

override_resource {
  target          = aws_lb_target_group.service["web"]
  override_during = plan
  values = {
    arn = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/web/1"
  }
}

override_resource {
  target          = aws_lb_target_group.service["api"]
  override_during = plan
  values = {
    arn = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/api/2"
  }
}
