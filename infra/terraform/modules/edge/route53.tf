resource "aws_route53_record" "alias" {
  for_each = var.route53_zone_id == null ? {} : {
    for pair in setproduct(var.domain_names, ["A", "AAAA"]) : "${pair[0]}-${pair[1]}" => { name = pair[0], type = pair[1] }
  }

  zone_id = var.route53_zone_id
  name    = each.value.name
  type    = each.value.type

  alias {
    name                   = local.distribution.domain_name
    zone_id                = local.distribution.hosted_zone_id
    evaluate_target_health = false
  }
}
