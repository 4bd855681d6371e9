-- Categories: a built-in hierarchical taxonomy, copied into each user's own editable
-- categories when the user is created. default_slug keeps the link to the built-in one, so
-- built-in labelled examples (by slug) map onto any user's categories.
CREATE TABLE default_categories (
    slug        text PRIMARY KEY,
    parent_slug text REFERENCES default_categories (slug),
    name        text NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('expense', 'income', 'transfer')),
    position    smallint NOT NULL
);

CREATE TABLE categories (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    parent_id    uuid,
    name         text NOT NULL CHECK (btrim(name) <> ''),
    kind         text NOT NULL CHECK (kind IN ('expense', 'income', 'transfer')),
    default_slug text REFERENCES default_categories (slug),
    position     smallint NOT NULL DEFAULT 0,
    archived_at  timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, id),
    FOREIGN KEY (user_id, parent_id) REFERENCES categories (user_id, id) ON DELETE CASCADE
);
-- Names are unique among siblings; top-level categories are siblings too.
CREATE UNIQUE INDEX categories_sibling_name ON categories (user_id, parent_id, lower(name)) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX categories_default_slug ON categories (user_id, default_slug);
CREATE TRIGGER categories_updated_at BEFORE UPDATE ON categories
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

INSERT INTO default_categories (slug, parent_slug, name, kind, position) VALUES
    ('income',                      NULL,            'Income',               'income',   1),
    ('income.salary',               'income',        'Salary',               'income',   1),
    ('income.bonus',                'income',        'Bonus',                'income',   2),
    ('income.freelance',            'income',        'Freelance',            'income',   3),
    ('income.interest',             'income',        'Interest & Dividends', 'income',   4),
    ('income.refunds',              'income',        'Refunds',              'income',   5),
    ('housing',                     NULL,            'Housing',              'expense',  2),
    ('housing.rent',                'housing',       'Rent',                 'expense',  1),
    ('housing.mortgage',            'housing',       'Mortgage',             'expense',  2),
    ('housing.maintenance',         'housing',       'Maintenance & Repairs','expense',  3),
    ('housing.insurance',           'housing',       'Home Insurance',       'expense',  4),
    ('utilities',                   NULL,            'Utilities',            'expense',  3),
    ('utilities.electricity',       'utilities',     'Electricity',          'expense',  1),
    ('utilities.heating',           'utilities',     'Gas & Heating',        'expense',  2),
    ('utilities.water',             'utilities',     'Water',                'expense',  3),
    ('utilities.internet_phone',    'utilities',     'Internet & Phone',     'expense',  4),
    ('food',                        NULL,            'Food & Dining',        'expense',  4),
    ('food.groceries',              'food',          'Groceries',            'expense',  1),
    ('food.restaurants',            'food',          'Restaurants',          'expense',  2),
    ('food.coffee',                 'food',          'Coffee Shops',         'expense',  3),
    ('food.delivery',               'food',          'Food Delivery',        'expense',  4),
    ('transport',                   NULL,            'Transportation',       'expense',  5),
    ('transport.public',            'transport',     'Public Transit',       'expense',  1),
    ('transport.fuel',              'transport',     'Fuel',                 'expense',  2),
    ('transport.parking',           'transport',     'Parking & Tolls',      'expense',  3),
    ('transport.taxi',              'transport',     'Taxi & Rideshare',     'expense',  4),
    ('transport.car',               'transport',     'Car Maintenance',      'expense',  5),
    ('shopping',                    NULL,            'Shopping',             'expense',  6),
    ('shopping.clothing',           'shopping',      'Clothing',             'expense',  1),
    ('shopping.electronics',        'shopping',      'Electronics',          'expense',  2),
    ('shopping.home',               'shopping',      'Home & Garden',        'expense',  3),
    ('shopping.general',            'shopping',      'General Merchandise',  'expense',  4),
    ('health',                      NULL,            'Health',               'expense',  7),
    ('health.pharmacy',             'health',        'Pharmacy',             'expense',  1),
    ('health.medical',              'health',        'Medical & Dental',     'expense',  2),
    ('health.fitness',              'health',        'Fitness',              'expense',  3),
    ('entertainment',               NULL,            'Entertainment',        'expense',  8),
    ('entertainment.streaming',     'entertainment', 'Streaming',            'expense',  1),
    ('entertainment.events',        'entertainment', 'Events & Tickets',     'expense',  2),
    ('entertainment.hobbies',       'entertainment', 'Games & Hobbies',      'expense',  3),
    ('subscriptions',               NULL,            'Subscriptions',        'expense',  9),
    ('subscriptions.software',      'subscriptions', 'Software & Apps',      'expense',  1),
    ('subscriptions.news',          'subscriptions', 'News & Magazines',     'expense',  2),
    ('travel',                      NULL,            'Travel',               'expense', 10),
    ('travel.flights',              'travel',        'Flights',              'expense',  1),
    ('travel.lodging',              'travel',        'Lodging',              'expense',  2),
    ('travel.car_rental',           'travel',        'Car Rental',           'expense',  3),
    ('family',                      NULL,            'Personal & Family',    'expense', 11),
    ('family.personal_care',        'family',        'Personal Care',        'expense',  1),
    ('family.childcare',            'family',        'Childcare',            'expense',  2),
    ('family.education',            'family',        'Education',            'expense',  3),
    ('family.pets',                 'family',        'Pets',                 'expense',  4),
    ('financial',                   NULL,            'Financial',            'expense', 12),
    ('financial.fees',              'financial',     'Bank Fees',            'expense',  1),
    ('financial.taxes',             'financial',     'Taxes',                'expense',  2),
    ('financial.insurance',         'financial',     'Insurance',            'expense',  3),
    ('financial.loans',             'financial',     'Loan Payments',        'expense',  4),
    ('giving',                      NULL,            'Gifts & Donations',    'expense', 13),
    ('giving.gifts',                'giving',        'Gifts',                'expense',  1),
    ('giving.charity',              'giving',        'Charity',              'expense',  2),
    ('transfers',                   NULL,            'Transfers',            'transfer',14),
    ('transfers.internal',          'transfers',     'Between My Accounts',  'transfer', 1),
    ('transfers.credit_card',       'transfers',     'Credit Card Payment',  'transfer', 2),
    ('transfers.cash',              'transfers',     'Cash Withdrawal',      'transfer', 3),
    ('other',                       NULL,            'Other',                'expense', 15);

-- Gives a user their own copy of the taxonomy. Idempotent.
CREATE FUNCTION seed_user_categories(p_user_id uuid) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO categories (user_id, name, kind, default_slug, position)
    SELECT p_user_id, d.name, d.kind, d.slug, d.position
    FROM default_categories d WHERE d.parent_slug IS NULL
    ON CONFLICT (user_id, default_slug) DO NOTHING;

    INSERT INTO categories (user_id, parent_id, name, kind, default_slug, position)
    SELECT p_user_id, parent.id, d.name, d.kind, d.slug, d.position
    FROM default_categories d
    JOIN categories parent ON parent.user_id = p_user_id AND parent.default_slug = d.parent_slug
    WHERE d.parent_slug IS NOT NULL
    ON CONFLICT (user_id, default_slug) DO NOTHING;
$$;

-- Every user starts with the taxonomy, whichever service creates the user.
CREATE FUNCTION users_seed_categories() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM seed_user_categories(NEW.id);
    RETURN NEW;
END;
$$;
CREATE TRIGGER users_seed_categories AFTER INSERT ON users
    FOR EACH ROW EXECUTE FUNCTION users_seed_categories();
