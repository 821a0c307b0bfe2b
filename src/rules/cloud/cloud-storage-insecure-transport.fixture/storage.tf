resource "azurerm_storage_account" "legacy" {
  name                     = "acmelegacy"
  resource_group_name      = "rg"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  # ruleid: cloud-storage-insecure-transport
  https_traffic_only_enabled = false
  # ruleid: cloud-storage-insecure-transport
  min_tls_version          = "TLS1_0"
}

resource "azurerm_storage_account" "current" {
  name                     = "acmecurrent"
  resource_group_name      = "rg"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  # ok: cloud-storage-insecure-transport
  https_traffic_only_enabled = true
  # ok: cloud-storage-insecure-transport
  min_tls_version          = "TLS1_2"
}
