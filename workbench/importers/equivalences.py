"""Known Salesforce <-> SAP S/4HANA equivalences: what an experienced Q2C architect maps first.

Entity pairs carry the area they belong to and why they correspond; field pairs are the usual
field mappings of those entity pairs (the API names of the standard objects and of the SAP
``API_*`` services).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.mappings import Area, Cardinality


@dataclass(frozen=True)
class KnownEntity:
    crm: str
    erp: str
    confidence: float
    area: Area
    reason: str
    cardinality: Cardinality = Cardinality.ONE_TO_ONE


KNOWN_ENTITIES: tuple[KnownEntity, ...] = (
    KnownEntity(
        "Account",
        "A_BusinessPartner",
        0.9,
        Area.CUSTOMER,
        "a Salesforce account is an SAP business partner (the general data of the customer)",
    ),
    KnownEntity(
        "Account",
        "A_Customer",
        0.9,
        Area.CUSTOMER,
        "a Salesforce account that buys is an SAP customer (the sold-to role of the partner)",
    ),
    KnownEntity(
        "Account",
        "A_CustomerSalesArea",
        0.6,
        Area.CUSTOMER,
        "one account is extended to one or more SAP sales areas",
        Cardinality.ONE_TO_MANY,
    ),
    KnownEntity(
        "Contact",
        "A_BusinessPartnerContact",
        0.8,
        Area.CUSTOMER,
        "a contact person of an account is a business partner contact relationship",
    ),
    KnownEntity(
        "Product2",
        "A_Product",
        0.95,
        Area.PRODUCT,
        "the Salesforce product is the SAP product (material) master",
    ),
    KnownEntity(
        "PricebookEntry",
        "A_ProductSalesDelivery",
        0.5,
        Area.PRICING,
        "a price book entry is the product's sales data in one distribution chain",
    ),
    KnownEntity(
        "Order",
        "A_SalesOrder",
        0.95,
        Area.ORDER,
        "an activated Salesforce order is an SAP sales order",
    ),
    KnownEntity(
        "OrderItem",
        "A_SalesOrderItem",
        0.95,
        Area.ORDER,
        "an order product is a sales order item",
    ),
    KnownEntity(
        "SBQQ__Quote__c",
        "A_SalesQuotation",
        0.85,
        Area.QUOTE,
        "a CPQ quote is an SAP sales quotation",
    ),
    KnownEntity(
        "SBQQ__Quote__c",
        "A_SalesOrder",
        0.6,
        Area.ORDER,
        "an approved CPQ quote is ordered as an SAP sales order",
        Cardinality.ONE_TO_MANY,
    ),
    KnownEntity(
        "SBQQ__QuoteLine__c",
        "A_SalesQuotationItem",
        0.85,
        Area.QUOTE,
        "a CPQ quote line is a sales quotation item",
    ),
    KnownEntity(
        "SBQQ__QuoteLine__c",
        "A_SalesOrderItem",
        0.55,
        Area.ORDER,
        "an ordered quote line becomes one or more sales order items",
        Cardinality.ONE_TO_MANY,
    ),
    KnownEntity(
        "Contract",
        "A_SalesContract",
        0.85,
        Area.CONTRACT,
        "a Salesforce contract is an SAP sales contract",
    ),
    KnownEntity(
        "SBQQ__Subscription__c",
        "A_SalesContractItem",
        0.6,
        Area.CONTRACT,
        "a CPQ subscription is a contract item that bills over the term",
    ),
    KnownEntity(
        "blng__Invoice__c",
        "A_BillingDocument",
        0.85,
        Area.BILLING,
        "a Salesforce Billing invoice is an SAP billing document",
    ),
)


KNOWN_FIELDS: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("Account", "A_BusinessPartner"): (
        ("Name", "OrganizationBPName1"),
        ("AccountNumber", "BusinessPartner"),
        ("Industry", "Industry"),
    ),
    ("Account", "A_Customer"): (
        ("Name", "CustomerName"),
        ("AccountNumber", "Customer"),
    ),
    ("Product2", "A_Product"): (
        ("ProductCode", "Product"),
        ("Family", "ProductGroup"),
        ("QuantityUnitOfMeasure", "BaseUnit"),
        ("StockKeepingUnit", "ProductStandardID"),
    ),
    ("Order", "A_SalesOrder"): (
        ("OrderNumber", "PurchaseOrderByCustomer"),
        ("PoNumber", "PurchaseOrderByCustomer"),
        ("EffectiveDate", "SalesOrderDate"),
        ("PoDate", "CustomerPurchaseOrderDate"),
        ("CurrencyIsoCode", "TransactionCurrency"),
        ("TotalAmount", "TotalNetAmount"),
        ("AccountId", "SoldToParty"),
        ("Type", "SalesOrderType"),
    ),
    ("OrderItem", "A_SalesOrderItem"): (
        ("OrderItemNumber", "SalesOrderItem"),
        ("Quantity", "RequestedQuantity"),
        ("Product2Id", "Material"),
        ("TotalPrice", "NetAmount"),
        ("Description", "SalesOrderItemText"),
        ("ServiceDate", "RequestedDeliveryDate"),
    ),
    ("SBQQ__QuoteLine__c", "A_SalesOrderItem"): (
        ("SBQQ__Quantity__c", "RequestedQuantity"),
        ("SBQQ__ProductCode__c", "Material"),
        ("SBQQ__NetTotal__c", "NetAmount"),
        ("SBQQ__Number__c", "SalesOrderItem"),
    ),
    ("SBQQ__Quote__c", "A_SalesOrder"): (
        ("Name", "PurchaseOrderByCustomer"),
        ("SBQQ__NetAmount__c", "TotalNetAmount"),
    ),
    ("Contract", "A_SalesContract"): (
        ("ContractNumber", "PurchaseOrderByCustomer"),
        ("StartDate", "SalesContractValidityStartDate"),
        ("EndDate", "SalesContractValidityEndDate"),
        ("AccountId", "SoldToParty"),
    ),
}
"""Field pairs ``(CRM field, ERP field)`` by entity pair ``(CRM entity, ERP entity)``."""
