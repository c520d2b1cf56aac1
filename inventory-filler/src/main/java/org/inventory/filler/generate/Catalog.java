package org.inventory.filler.generate;

/**
 * The words and facts records are made of: product categories with their own nouns, materials and price
 * ranges, brands, suppliers and warehouses. Fictional, but shaped like a real wholesaler's catalogue.
 */
final class Catalog {
    private Catalog() {}

    /**
     * A kind of product: what it is called, what it is made of, the sizes it comes in and how it is sold.
     * Materials are written as in a sentence ("stainless steel", "HDPE"); names use their title form.
     */
    @SuppressWarnings("ArrayRecordComponent") // rows of constant tables, never compared or hashed
    record Product(
            String noun,
            String lowerNoun,
            String[] materials,
            String[] titleMaterials,
            String[] sizes,
            String[] units) {

        /** Parses the compact form used in the tables below: {@code "a|b|c"} lists. */
        static Product of(String noun, String materials, String sizes, String units) {
            String[] materialList = materials.split("\\|");
            String[] titles = new String[materialList.length];
            for (int i = 0; i < titles.length; i++) {
                titles[i] = titleCase(materialList[i]);
            }
            return new Product(noun, lowerCase(noun), materialList, titles, sizes.split("\\|"), units.split("\\|"));
        }
    }

    /** A product category: its products, what they are for, and what they cost (euro cents) and weigh. */
    @SuppressWarnings("ArrayRecordComponent") // rows of constant tables, never compared or hashed
    record Category(
            String name,
            String code,
            Product[] products,
            String purpose,
            int minCents,
            int maxCents,
            int minGrams,
            int maxGrams) {}

    /** A warehouse, whose country sets the currency its prices are in. */
    record Warehouse(String code, String city, String country, String currency, double eurRate) {}

    record Supplier(String id, String name, String country, String email) {}

    private static Product p(String noun, String materials, String sizes, String units) {
        return Product.of(noun, materials, sizes, units);
    }

    static final Category[] CATEGORIES = {
        new Category(
                "Hardware",
                "HW",
                new Product[] {
                    p(
                            "Hex Bolt",
                            "stainless steel|zinc-plated steel|galvanised steel",
                            "M6 x 30 mm|M8 x 40 mm|M10 x 60 mm|M12 x 80 mm",
                            "box of 50|box of 100|piece"),
                    p(
                            "Wood Screw",
                            "zinc-plated steel|stainless steel|hardened steel",
                            "3.5 x 30 mm|4 x 40 mm|4 x 50 mm|5 x 70 mm",
                            "box of 100|box of 200|box of 500"),
                    p("Wall Anchor", "nylon|steel", "6 mm|8 mm|10 mm", "pack of 25|box of 100"),
                    p(
                            "Butt Hinge",
                            "brass|stainless steel|zinc-plated steel",
                            "63 mm|75 mm|100 mm",
                            "pair|pack of 3 pairs"),
                    p(
                            "Shelf Bracket",
                            "powder-coated steel|galvanised steel|aluminium",
                            "150 mm|200 mm|250 mm|300 mm",
                            "pair|piece"),
                    p("Padlock", "hardened steel|brass", "30 mm|40 mm|50 mm", "piece|pack of 2"),
                    p(
                            "Cabinet Handle",
                            "brushed aluminium|stainless steel|brass",
                            "96 mm|128 mm|160 mm",
                            "piece|pack of 10"),
                    p(
                            "Threaded Rod",
                            "zinc-plated steel|stainless steel",
                            "M8 x 1 m|M10 x 1 m|M12 x 1 m",
                            "piece|bundle of 10"),
                    p("Corner Brace", "galvanised steel|zinc-plated steel", "40 mm|60 mm|80 mm", "pack of 4|box of 50"),
                },
                "for joinery, shelving and general fixing work",
                15,
                4_999,
                5,
                900),
        new Category(
                "Electrical",
                "EL",
                new Product[] {
                    p("Extension Lead", "PVC|rubber", "4-way 2 m|4-way 5 m|6-way 2 m|10 m reel", "piece"),
                    p(
                            "LED Bulb",
                            "glass|polycarbonate",
                            "E27 9 W|E14 5 W|GU10 5 W|B22 11 W",
                            "piece|pack of 4|pack of 10"),
                    p(
                            "Cable Tie",
                            "nylon|stainless steel",
                            "2.5 x 100 mm|3.6 x 200 mm|4.8 x 300 mm",
                            "pack of 100|pack of 500"),
                    p(
                            "Junction Box",
                            "flame-retardant ABS|polycarbonate",
                            "IP55 80 x 80 mm|IP65 100 x 100 mm",
                            "piece|box of 10"),
                    p("Wall Socket", "white PVC|brushed steel", "single|double|double with USB", "piece|box of 10"),
                    p("Circuit Breaker", "thermoplastic", "B6|B16|B32|C16", "piece"),
                    p(
                            "Installation Cable",
                            "PVC-sheathed copper",
                            "1.5 mm² x 100 m|2.5 mm² x 100 m|2.5 mm² x 50 m",
                            "roll"),
                    p("Light Switch", "white PVC|brushed steel|black nickel", "1-gang|2-gang|dimmer", "piece"),
                    p("Cartridge Fuse", "ceramic", "3 A|5 A|13 A", "pack of 10|box of 100"),
                },
                "for domestic and light commercial installations",
                39,
                12_999,
                10,
                2_500),
        new Category(
                "Plumbing",
                "PL",
                new Product[] {
                    p("Compression Elbow", "brass|chrome-plated brass", "15 mm|22 mm|28 mm", "piece|pack of 5"),
                    p("Ball Valve", "brass|stainless steel", "1/2\"|3/4\"|1\"", "piece"),
                    p("Pipe Clip", "polypropylene|galvanised steel", "15 mm|22 mm|28 mm", "pack of 10|box of 100"),
                    p("Bottle Trap", "polypropylene|chrome-plated brass", "32 mm|40 mm", "piece"),
                    p(
                            "Flexible Hose",
                            "braided stainless steel|EPDM",
                            "15 mm x 300 mm|15 mm x 500 mm|1/2\" x 400 mm",
                            "piece|pair"),
                    p("Tap Washer", "rubber|fibre", "1/2\"|3/4\"", "pack of 10|pack of 50"),
                    p("Tee Fitting", "brass|PEX|copper", "15 mm|22 mm|28 mm", "piece|pack of 5"),
                    p(
                            "Radiator Valve",
                            "chrome-plated brass|white-coated brass",
                            "15 mm straight|15 mm angled",
                            "pair"),
                    p("PEX Pipe", "PEX|multilayer PEX-AL-PEX", "16 mm x 50 m|20 mm x 25 m|16 mm x 100 m", "roll"),
                },
                "for hot and cold water systems",
                49,
                8_999,
                20,
                1_800),
        new Category(
                "Office Supplies",
                "OF",
                new Product[] {
                    p(
                            "Ring Binder",
                            "recycled card|polypropylene",
                            "A4 2-ring 25 mm|A4 4-ring 40 mm|A5 2-ring 25 mm",
                            "piece|box of 10"),
                    p(
                            "Ballpoint Pen",
                            "recycled plastic|metal",
                            "0.7 mm blue|0.7 mm black|1.0 mm red",
                            "box of 10|box of 50"),
                    p("Stapler", "metal|ABS", "20 sheets|40 sheets|60 sheets", "piece"),
                    p("Desk Organiser", "bamboo|metal mesh|recycled plastic", "4 compartments|6 compartments", "piece"),
                    p("Notebook", "FSC paper|recycled paper", "A4 ruled|A5 dotted|A5 squared", "piece|pack of 5"),
                    p(
                            "Copier Paper",
                            "FSC paper|recycled paper",
                            "A4 80 g/m²|A3 80 g/m²|A4 100 g/m²",
                            "ream of 500|box of 5 reams"),
                    p("Whiteboard Marker", "recycled plastic", "bullet tip|chisel tip", "pack of 4|box of 10"),
                    p("Document Tray", "polystyrene|metal mesh", "A4|C4", "piece|pack of 3"),
                    p("Envelope", "kraft paper|white wove", "DL|C5|C4", "box of 500|pack of 50"),
                },
                "for offices, schools and home desks",
                25,
                4_999,
                5,
                2_600),
        new Category(
                "Kitchen",
                "KI",
                new Product[] {
                    p("Chef's Knife", "stainless steel|carbon steel", "16 cm|20 cm|24 cm", "piece"),
                    p(
                            "Cutting Board",
                            "beech wood|bamboo|polyethylene",
                            "30 x 20 cm|40 x 30 cm|50 x 35 cm",
                            "piece|set of 3"),
                    p(
                            "Saucepan",
                            "stainless steel|enamelled cast iron|aluminium",
                            "16 cm|18 cm|20 cm",
                            "piece|set of 3"),
                    p("Mixing Bowl", "stainless steel|borosilicate glass", "1 l|2.5 l|4 l", "piece|set of 3"),
                    p("Storage Jar", "borosilicate glass|BPA-free plastic", "0.5 l|1 l|1.5 l", "piece|pack of 6"),
                    p("Measuring Jug", "borosilicate glass|polypropylene", "0.5 l|1 l|2 l", "piece"),
                    p(
                            "Frying Pan",
                            "cast iron|aluminium with non-stick coating|carbon steel",
                            "24 cm|28 cm|32 cm",
                            "piece"),
                    p("Spatula", "silicone|beech wood|stainless steel", "28 cm|32 cm", "piece|pack of 3"),
                    p(
                            "Baking Tray",
                            "aluminium|carbon steel with non-stick coating",
                            "33 x 23 cm|40 x 30 cm|GN 1/1",
                            "piece"),
                },
                "for professional and home kitchens",
                199,
                14_999,
                40,
                3_500),
        new Category(
                "Garden",
                "GA",
                new Product[] {
                    p("Garden Hose", "reinforced PVC|rubber", "1/2\" x 15 m|1/2\" x 25 m|3/4\" x 50 m", "piece"),
                    p("Pruning Shears", "carbon steel|stainless steel", "20 cm|23 cm", "piece"),
                    p(
                            "Plant Pot",
                            "terracotta|recycled plastic|glazed ceramic",
                            "12 cm|20 cm|30 cm|40 cm",
                            "piece|pack of 10"),
                    p("Watering Can", "galvanised steel|recycled plastic", "5 l|10 l", "piece"),
                    p("Hose Connector", "brass|ABS", "1/2\"|3/4\"", "piece|pack of 3"),
                    p("Hand Trowel", "stainless steel|carbon steel", "28 cm|32 cm", "piece"),
                    p(
                            "Seed Tray",
                            "recycled plastic|biodegradable fibre",
                            "24 cells|40 cells|full size",
                            "pack of 5|pack of 10"),
                    p("Garden Twine", "jute|sisal|polypropylene", "100 m|250 m", "roll|pack of 3"),
                    p("Compost Bin", "recycled plastic|larch wood", "220 l|330 l|600 l", "piece"),
                },
                "for gardens, allotments and balconies",
                99,
                9_999,
                30,
                6_000),
        new Category(
                "Safety",
                "SA",
                new Product[] {
                    p("Safety Goggles", "polycarbonate", "anti-fog|indirect vent|over-spectacle", "piece|box of 10"),
                    p(
                            "Work Gloves",
                            "nitrile-coated nylon|leather|cut-resistant HPPE",
                            "size 8|size 9|size 10|size 11",
                            "pair|pack of 12 pairs"),
                    p("Hard Hat", "HDPE|ABS", "white|yellow|blue", "piece"),
                    p("Ear Defenders", "ABS with foam cushions", "SNR 27 dB|SNR 32 dB", "piece"),
                    p("Hi-Vis Vest", "polyester", "size M|size L|size XL|size XXL", "piece|pack of 10"),
                    p("FFP2 Dust Mask", "polypropylene", "with valve|without valve", "box of 10|box of 20"),
                    p("First Aid Kit", "polypropylene case", "10 persons|25 persons|50 persons", "piece"),
                    p("Warning Tape", "polyethylene", "50 mm x 100 m|75 mm x 250 m", "roll|pack of 6"),
                    p("Fire Blanket", "woven glass fibre", "1 x 1 m|1.2 x 1.2 m", "piece"),
                },
                "for construction sites, workshops and warehouses",
                129,
                11_999,
                20,
                1_600),
        new Category(
                "Packaging",
                "PK",
                new Product[] {
                    p(
                            "Shipping Box",
                            "single-wall corrugated card|double-wall corrugated card",
                            "305 x 215 x 150 mm|457 x 305 x 305 mm|600 x 400 x 400 mm",
                            "bundle of 20|bundle of 25"),
                    p("Bubble Wrap", "LDPE|recycled LDPE", "500 mm x 50 m|750 mm x 100 m|1500 mm x 100 m", "roll"),
                    p(
                            "Packing Tape",
                            "polypropylene|kraft paper",
                            "48 mm x 66 m|50 mm x 132 m",
                            "roll|pack of 6|box of 36"),
                    p("Stretch Film", "LLDPE", "500 mm x 300 m|450 mm x 250 m", "roll|pack of 6"),
                    p(
                            "Mailing Bag",
                            "co-extruded LDPE|kraft paper",
                            "165 x 240 mm|250 x 350 mm|325 x 425 mm",
                            "pack of 100|box of 500"),
                    p("Void Fill", "kraft paper|recycled card", "paper roll 380 mm|15 kg sack", "roll|sack"),
                    p(
                            "Shipping Label",
                            "thermal paper|coated paper",
                            "100 x 150 mm|100 x 50 mm",
                            "roll of 500|box of 1000"),
                    p("Corner Protector", "recycled board|foam", "35 x 35 mm|50 x 50 mm", "pack of 50|box of 500"),
                    p("Strapping Band", "polypropylene|polyester", "12 mm x 1000 m|16 mm x 850 m", "roll"),
                },
                "for shipping, storage and warehouse dispatch",
                45,
                6_999,
                15,
                12_000),
        new Category(
                "Electronics",
                "EC",
                new Product[] {
                    p("USB-C Cable", "braided nylon|TPE", "1 m|2 m|3 m", "piece|pack of 2"),
                    p("Power Adapter", "polycarbonate", "20 W USB-C|65 W USB-C|100 W GaN", "piece"),
                    p("Wireless Mouse", "ABS|recycled plastic", "2.4 GHz|Bluetooth", "piece|box of 10"),
                    p("HDMI Cable", "PVC|braided nylon", "1 m|2 m|5 m", "piece|pack of 5"),
                    p("Keyboard", "ABS|aluminium", "UK layout|DE layout|US layout|NL layout", "piece"),
                    p("Webcam", "ABS", "1080p|4K", "piece"),
                    p("microSD Card", "plastic", "64 GB|128 GB|256 GB", "piece|pack of 5"),
                    p("Network Switch", "metal", "5-port|8-port|16-port", "piece"),
                    p("Power Bank", "aluminium|recycled plastic", "10000 mAh|20000 mAh", "piece"),
                },
                "for offices, classrooms and home working",
                399,
                24_999,
                20,
                1_400),
        new Category(
                "Automotive",
                "AU",
                new Product[] {
                    p(
                            "Wiper Blade",
                            "natural rubber|graphite-coated rubber",
                            "400 mm|500 mm|600 mm|650 mm",
                            "piece|pair"),
                    p("Brake Pad Set", "ceramic|semi-metallic", "front axle|rear axle", "set"),
                    p("Oil Filter", "steel", "spin-on 3/4\"-16 UNF|cartridge type", "piece"),
                    p("Spark Plug", "iridium|platinum|nickel", "14 mm|12 mm", "piece|pack of 4"),
                    p("Tyre Inflator", "ABS", "12 V|rechargeable 12 V", "piece"),
                    p("Jump Leads", "copper|copper-clad aluminium", "3.5 m 400 A|5 m 600 A", "pair"),
                    p("H7 Bulb", "halogen|LED", "12 V 55 W|12 V 20 W", "piece|pair"),
                    p("Tow Rope", "polyester", "3.5 m 2 t|4 m 3 t", "piece"),
                    p("Coolant", "ethylene glycol|propylene glycol", "1 l|5 l", "bottle|case of 4"),
                },
                "for cars, vans and light commercial fleets",
                299,
                19_999,
                50,
                5_000),
    };

    static final String[] ADJECTIVES = {
        "Heavy-Duty",
        "Compact",
        "Professional",
        "Premium",
        "Everyday",
        "Industrial",
        "Lightweight",
        "Reinforced",
        "Eco",
        "Classic",
        "Ergonomic",
        "Weatherproof"
    };

    static final String[] BRANDS = {
        "Northwind",
        "Kestrel",
        "Ironbark",
        "Bluepeak",
        "Solano",
        "Hexa",
        "Tidewater",
        "Granite & Co",
        "Lumen",
        "Forgeline",
        "Meridian",
        "Pinecrest",
        "Atlas Works",
        "Corvo",
        "Brightline",
        "Nordhaus",
        "Oakridge",
        "Quartzline",
        "Zephyr",
        "Halvard"
    };

    static final String[] FEATURES = {
        "Corrosion-resistant finish for indoor and outdoor use.",
        "Tested to the relevant EN standard and supplied with fitting instructions.",
        "Backed by a two-year manufacturer warranty.",
        "Designed for high-turnover trade counters and quick reordering.",
        "Suitable for both professional and occasional use.",
        "Colour-coded packaging makes it easy to find on the shelf.",
        "Made with at least 30% recycled content.",
        "A best seller with installers and facilities teams.",
        "Compatible with the previous generation of the range.",
        "Replaces the discontinued model of the same name.",
    };

    /** "stainless steel" to "Stainless Steel"; words already in capitals (HDPE, PEX-AL-PEX) stay as they are. */
    static String titleCase(String words) {
        var title = new StringBuilder(words.length());
        boolean wordStart = true;
        for (int i = 0; i < words.length(); i++) {
            char c = words.charAt(i);
            title.append(wordStart ? Character.toUpperCase(c) : c);
            wordStart = c == ' ';
        }
        return title.toString();
    }

    /** "Chef's Knife" to "chef's knife" for use in a sentence; "USB-C Cable" to "USB-C cable", "H7 Bulb" to "H7 bulb". */
    static String lowerCase(String words) {
        var lower = new StringBuilder(words.length());
        for (String word : words.split(" ", -1)) {
            boolean plain = word.substring(1).chars().noneMatch(c -> Character.isUpperCase(c) || Character.isDigit(c));
            if (!lower.isEmpty()) {
                lower.append(' ');
            }
            lower.append(plain ? Character.toLowerCase(word.charAt(0)) + word.substring(1) : word);
        }
        return lower.toString();
    }

    static final String[] COLOURS = {
        "black", "white", "grey", "silver", "red", "blue", "green", "yellow", "orange", "natural"
    };

    static final String[] STAFF = {
        "a.jansen",
        "m.schmidt",
        "k.nowak",
        "l.martin",
        "g.rossi",
        "e.lindqvist",
        "s.patel",
        "j.garcia",
        "d.murphy",
        "h.tanaka",
        "c.dubois",
        "p.kowalczyk"
    };

    static final Supplier[] SUPPLIERS = {
        new Supplier("SUP-10423", "Van Dijk Industrial B.V.", "NL", "orders@vandijk-industrial.example"),
        new Supplier("SUP-10588", "Müller Werkzeuge GmbH", "DE", "vertrieb@mueller-werkzeuge.example"),
        new Supplier("SUP-11002", "Kowalski Hurt Sp. z o.o.", "PL", "zamowienia@kowalski-hurt.example"),
        new Supplier("SUP-11240", "Atelier Rousseau SARL", "FR", "commandes@atelier-rousseau.example"),
        new Supplier("SUP-11577", "Bianchi Forniture S.r.l.", "IT", "ordini@bianchi-forniture.example"),
        new Supplier("SUP-12031", "Nordic Supply AB", "SE", "order@nordicsupply.example"),
        new Supplier("SUP-12419", "Harbour Trading Ltd", "GB", "sales@harbourtrading.example"),
        new Supplier("SUP-12870", "Ebro Distribuciones S.L.", "ES", "pedidos@ebro-distribuciones.example"),
        new Supplier("SUP-13355", "Great Lakes Wholesale Inc.", "US", "orders@greatlakeswholesale.example"),
        new Supplier("SUP-13702", "Pacific Rim Sourcing Co.", "US", "po@pacificrim-sourcing.example"),
        new Supplier("SUP-14118", "Shenzhen Brightway Manufacturing Co., Ltd.", "CN", "export@brightway-mfg.example"),
        new Supplier("SUP-14563", "Zürcher Technik AG", "CH", "bestellung@zuercher-technik.example"),
        new Supplier("SUP-14990", "Porto Metalurgia Lda", "PT", "encomendas@porto-metalurgia.example"),
        new Supplier("SUP-15324", "Dunmore Packaging Ltd", "IE", "orders@dunmorepackaging.example"),
        new Supplier("SUP-15871", "Osaka Precision K.K.", "JP", "export@osaka-precision.example"),
        new Supplier("SUP-16205", "Andersen & Søn ApS", "DK", "ordre@andersen-soen.example"),
    };

    static final Warehouse[] WAREHOUSES = {
        new Warehouse("AMS-1", "Amsterdam", "NL", "EUR", 1.0),
        new Warehouse("AMS-2", "Amsterdam", "NL", "EUR", 1.0),
        new Warehouse("RTM-1", "Rotterdam", "NL", "EUR", 1.0),
        new Warehouse("HAM-1", "Hamburg", "DE", "EUR", 1.0),
        new Warehouse("LYS-1", "Lyon", "FR", "EUR", 1.0),
        new Warehouse("MAD-1", "Madrid", "ES", "EUR", 1.0),
        new Warehouse("MIL-1", "Milan", "IT", "EUR", 1.0),
        new Warehouse("WAW-1", "Warsaw", "PL", "PLN", 4.3),
        new Warehouse("KRK-1", "Kraków", "PL", "PLN", 4.3),
        new Warehouse("MAN-1", "Manchester", "GB", "GBP", 0.85),
        new Warehouse("ZRH-1", "Zürich", "CH", "CHF", 0.95),
        new Warehouse("GOT-1", "Gothenburg", "SE", "SEK", 11.2),
        new Warehouse("CHI-1", "Chicago", "US", "USD", 1.08),
        new Warehouse("DAL-1", "Dallas", "US", "USD", 1.08),
    };
}
