/// The word tables name detection relies on, compiled into the source so detection needs no data file: ordinary
/// English words that are also names (a registered "Grace" or "Green" is judged before it is redacted), first names
/// and surnames from the UK's many backgrounds (cues for people nobody registered), titles and ranks, words that
/// follow a name without being one, chat labels that are not senders, and the family roles of a household list.
/// Every entry is lower case ASCII with Latin diacritics folded (`LatinFold`).
enum NameLexicon {
    /// Ordinary English words, including those that are also first names or surnames.
    static let ordinary = WordSet(
        """
        a abbot about above across act after again against age ago ahead air all almost alone along already also always am
        amber among an and angel another any anyone anything apple april are area arm around arrow art as ash ask aspen at
        august autumn away baby back bad bag baker ball bank banks bar barley basil bay be beach bean bear because bed been
        before began behind being bell below berry best better between big bill birch bird bishop bit black blessing bliss
        bloom blossom blue board boat bob body bond book born boss both bow box boy brandy brave bread break bride bridge
        bright bring bro brook brooks brother brown bud buddy build bunny burn bush busy but butcher button buy by call came
        can candy cane cannon canon car card care carol carpenter carry case cash castle cat cedar chance charity chase
        cherry child christian christmas church cinnamon city clay clear close cloud clover coach cold come comfort
        constance cook cool copper coral corn cotton could country court cover cross crystal cup cut daisy dark dash date
        dawn day days deacon dean dear deep destiny dew did do does dog doll don done door dove down drew drive duke dusty
        each earl early east easter easy eat ebony echo eight elm else emerald end enough eve even ever every eye face fair
        faith fall far farm fast father favor favour felicity fell fern few field fields find fine fish five flower fly
        follow for forest form forward four fox frank free friday full gale game garden gardener garnet gate gay gem gene
        get gift ginger girl give glad go goes gold golden good goodness got grace grant gray great green grey ground grove
        grow guy had half hall hand happy hard hardy harmony has have haven hazel he head hear heart heather heaven held
        hello her here hero hey high hill him his hit hold holly home honey honor honour hope horn hot house how hunt i if
        ill in iris iron is it ivy jack jade jasmine jay jet jewel jolly journey joy joyful jude judge june juniper just
        justice keen keep keeper key kind king kit kitty knight know lace lake lance land lane large last late laurel law
        lead lee left less let liberty lie life light like lily line lion little live lock long look lord lot love low loyal
        luck lucky made major make man march marina mark marshal master may me meadow mean meet melody mercy merry met might
        mile miles mill mind miss mist misty modest monday monk moon more morning moss most mother move much music must my
        myrtle name near need never new next nice night nine no noble north not nothing now oak ocean of off often oh ok old
        olive on once one only onyx opal open or orange other our out over own page park parson part pat patience pay peace
        peach pearl people pepper pine place plain play plum pool pope poppy porter potter power precious price pride priest
        prince princess prosper prudence queen quick rain ranger ray read real rebel ribbon rich ridge right ring river road
        rob robin rock rod rose rosemary round row rowan royal ruby run rush rusty rye saffron sage said sailor saint same
        sandy saturday saw say see sell send serenity set sexton shade shadow shall sharp she shell sheriff shiloh ship
        short should show side silk silver skipper sky slate small smart snow so some son sonny soon sorrel south spark
        sparrow speed spring stand star start stay steel steward still stone storm story street strong such sue sugar summer
        sun sunday sunny sure sweet swift take teddy tell temple ten than thank that the their them then there these they
        thing think this those though three through thursday time to today told too took top tower town trinity true trust
        try tuesday two under unity up upon us use valentine velvet very vicar victor view violet wait walk wall want ward
        warden warren was watch water way we weaver wednesday well wells were west what wheat when where which while white
        who why wild will willow win wind winter wisdom wise wish with wolf wood woods word work would yard year yes yet you
        young your
        """)

    /// First names that are not ordinary words.
    static let firstNames = WordSet(
        """
        aaliyah aaron abbie abby abdi abdirahman abdul abdullah abdullahi abdulrahman abel abena abeni abhishek abi abigail
        abimbola abiola adaeze adam adama adanna addison adebayo adeel adeola adil aditi aditya adnan adrian adriana aga
        agata agnieszka ahmad ahmed aidan aiden aiko aimee aisha aishah ajay akash akira akosua akua alan alana alanna
        albert alberto alec aleksander aleksandra alessandro alex alexa alexander alexandra alexandru alexis alfie ali alice
        alicia alina alisha alison alistair aliyah alma alys alysha amaan amal amanda amani amara amari amelia amina amir
        amira amit amna amos amrit amy anahita anand ananya anastasia anaya andre andrea andreea andrei andrew andrzej andy
        aneesa angela angelika angus anika anil anisa anita anja anjali ann anna annabel annabelle anne annette anthony
        antoni antonia antonio anya aoife apinya arash archibald archie aria ariana arif arjun arlo arman armani arnav aron
        arran arthur arun arya asad asha ashanti ashley ashok ashton asif asma aston astrid atif aubrey audrey aurelia
        aurora austin ava avani averil avery axel ayaan ayan ayden ayesha ayla ayo ayodele ayomide ayse ayub azadeh aziz
        bailey barbara barnaby barry bartosz bashir basia bea beatrice beatrix becky bella ben benedict benjamin bernadette
        bethan bethany betty beverley bianca bilal billie billy blake bobby bogdan bogdana bolu bonnie boris brandon brendan
        brian bridget britney brodie brooke bruno bryony caitlin caleb callum calum calvin cameron camila camille carla
        carlos carly carmen caroline carter carys casey cassandra cassie catalin catalina caterina catherine cathy cecilia
        cedric celeste celia ceri ceyda chantelle charlene charles charley charlie charlotte chelsea cheng cheryl chiamaka
        chidera chidi chinedu chioma chloe chris christina christine christopher chukwuemeka cian ciara ciaran claire clara
        clare clarissa claudia cody colin connie connor conor cooper corey cormac courtney craig cristian cristina cyrus
        dafydd dalia damian damien dan dana daniel daniela daniele daniella danielle danny daria darius dariusz darren
        darryl daryl dave david davina dawid debbie deborah declan deepak deepika delroy demi denis denise dennis derek
        desmond devon dexter dhruv diana diane dilan dilys dimitri dina dinah dmitri dolores dominic dominik dominika donna
        dorota dorothy douglas duncan dylan eamon eddie eden edith edward edwin efe ehsan eileen elaine elanor eleanor elena
        eli elias elif elijah elina elisa elise elisha eliza elizabeth ella ellen ellie elliot elliott ellis eloise elsa
        elsie emanuel emeka emil emilia emily emir emma emmanuel emre enzo eoin erica erik erin esme esra esther ethan
        eugene eunice eva evan evelyn evie ewa ewan ezra fahad faisal farah farhan farid fatima fatma fatou fay fayola
        federico felix femi fergus fernando filip finlay finley finn fiona florence folake francesca francesco francis
        francisco freddie freddy frederick freya fynn gabriel gabriela gabriella gabrielle gareth gary gavin gemma geoffrey
        george georgia georgina gerald gerard gethin gianluca gillian gina giorgio giovanni giulia gloria gordon graham
        grzegorz gurpreet gwen gwyneth habib hadi hafsa hailey haleema halima hamid hamish hamza hana hania hannah haris
        harley harold harper harriet harrison harry haruto harvey hasan hassan hayden hayley heidi helen helena henrietta
        henry hiba hira hollie horatio hosanna hugh hugo huma humza hunter hussain hussein iain ian ibrahim idris ifeanyi
        ifeoma igor ikram ilona ilyas iman imani imogen imran inaya ines inga ingrid inna ioana ionut irene irina isa isaac
        isabel isabella isabelle isaiah isha ishaan ishmael isla ismail israel ivan ivana iwona iyla izabela izzy jacob
        jacqueline jaden jagoda jahid jaiden jakub jamal james jamie jana janet janice janina jarrah jas jasmin jason jasper
        javier jayden jaylen jayne jed jeff jemima jenna jennifer jenny jeremiah jeremy jerome jess jesse jessica jessie jia
        jian jiang jill jim jimmy joan joanna joanne jocelyn jodie joe joel joey johanna john johnny jon jonah jonathan
        jordan jorge jose josef joseph josephine josh joshua josiah joyce juan judith julia julian juliana julie juliet
        julius junaid justin kacper kaden kai kaitlyn kamal kamil kamila kane kara karen karim karima karina karol karolina
        karthik kasia katarzyna kate katelyn katherine kathleen kathryn katie katrina katy kaveh kay kayden kayla kaylee
        kayode keanu keeley keira keisha keith kelly kelsey kemal kenneth kenny kerry kevin khadija khalid khalil kian
        kieran kim kimberley kingsley kirsty klaudia kofi kojo krishna kristian krystian krzysztof kuba kwabena kwame kwasi
        kyle kylie lacey lachlan laila lakshmi lamar lana lara larissa laszlo laura lauren laurence lawrence layla leah
        leandro leena leila leilani lena leo leon leona leonard leonardo leticia levi lewis lexi leyla liam lidia lila lilia
        liliana lina linda lindsay lindsey lisa liv livia liz lizzie logan lola lorenzo lorna lottie louie louis louisa
        louise luca lucas lucia lucian luciana lucy luis luka lukas lukasz luke luna lydia lyla mabel maciej madeleine
        madison maeve magda magdalena maggie mahmoud maia maisie maja malachi malak malcolm malik malika manuel marcel
        marcin marco marcus margaret maria mariam marian marie mariusz marlon marta martha martin martyna mary maryam mason
        mateo mateusz matilda matteo matthew maureen max maximilian maxwell maya megan mehmet mei melanie melissa mia
        michael michaela michal michelle miguel mihai mikael mikayla mike mila milan milena millie milly milo mina miriam
        mirza misha mohamed mohammad mohammed monica monika morgan muhammad muhammed mustafa myles nadia nadine naeem nahla
        naima naomi nasir natalia natalie natasha nathan nathaniel navid nazia neil nell nelson nevaeh niall nicholas nicola
        nicole nikhil nikita nikola nikolai nila nina nisha noah noor nora norah nuala nur nuria obi oisin olamide oleksandr
        olga oliver olivia olivier ollie oluwaseun omar omari onur oren orla oscar osman otis owen oyin pablo paige pamela
        paolo parker parveen patricia patrycja paul paula paulina pauline pawel pedro penelope percy peter petra philip
        philippa phoebe piotr pippa polly prakash preeti priya priyanka przemek rachel radek radu rafael rafal rahim rahul
        raj rajesh rana raphael rashid ravi rayan rebecca reece reggie rehan reuben rhea rhian rhys ria ricardo richard
        rikki riley rio rishi rita riya robbie robert roberto rocco rohan roisin roman romeo ronan ronnie rory rosa rosalind
        rosanna rosie roxanne ruairi rubina rudy rukhsana rupert ruth ryan saanvi sabina sabrina sadia saeed safa safiya
        sahil saira sajid sakura salma sam samantha sameer samir samira samuel sandra sanjay santiago sara sarah sasha
        saskia scarlett scott sean sebastian selin seren serena sergei sergio seth shabana shahid shakira shane shannon
        sharon shaun shauna shazia sheila shirin shreya sian sidra siena sienna simon simone sinead siobhan sofia sofie
        sonia sophia sophie stacey stanislaw stanley stefan stefania stella stephanie stephen steven stuart sufyan suleiman
        sultan sunita susan suzanne sven sylvia szymon tadeusz tahir talia tallulah tamara tamsin tania tanya tara tariq
        tatiana taylor teagan teodor teresa terry tess tessa thea theo theodore thomas tia tiago tiana tilly tim timothy
        tina tobias toby tom tomas tomasz tommy toni tony tracy travis trevor tristan tyler tyrone umar usman uzma valentin
        valentina vanessa vasile venkat vera veronica victoria vihaan vikram vinny viola vivek vivian vlad vladimir wahid
        waleed walter wanda wiktor wiktoria wilf wilfred william wojciech xander xavier xin yahya yakub yan yara yasir
        yasmin yasmine yousef yousuf yusuf yvonne zac zach zachary zahra zain zainab zak zakaria zara zayan zayn zeynep zoe
        zofia zohaib zoltan zuzanna
        """)

    /// Surnames.
    static let surnames = WordSet(
        """
        abbott abdi abdullah abubakar adamczyk adams adebayo adeleke aden adewale adeyemi agarwal ahmadi ahmed akhtar ali
        allen almeida alves anderson andrews appiah armstrong arnold arslan asante aslan atkinson atwal austin aydin bailey
        bains baker bakr balogh balogun banda banerjee baran barker barnes barrett bartlett begum bell bennett berry bhatt
        bianchi bibi birch bishop blackburn boateng bond booth bose bowen boyle bradley brennan briggs brooks browne bruno
        bryant buckley bui bullock burgess burke burns burton butler byrne cahill campbell carr carroll carter carvalho
        casey castillo celik cetin chambers chan chandler chapman chatterjee chaudhry chauhan chen cheung cho choi choudhury
        chowdhury christodoulou ciobanu clarke coates cohen coleman collins colombo connolly conti conway cooke cooper costa
        cox crawford cruz cullen cunningham dabrowski dalton daly dang das davies davis dawson deluca demir desai dhaliwal
        dhillon diaz dixon do dobson dogan doherty donnelly dowd doyle dudek duffy dumitru duncan dunn duong dvorak dyer
        edwards ellis esposito evans eze farah farrell ferguson fernandes fernandez ferrari ferreira fitzgerald fleming
        fletcher flynn foster francis fraser gallagher gallo garcia gardner garner george georgiou gheorghe ghosh gibbons
        gibson gill gomes gomez gonzalez goodwin gordon gorski gough grabowski graham grant gray greco grewal griffin
        griffiths guo gupta gutierrez hall hamilton hammond hancock hanson harding harper harris harrison hart harvey hassan
        hayes haynes he henderson hersi higgins ho hoang hodgson holland holmes hopkins hoque horton horvat horvath houghton
        howard howe hu huang hughes humphreys hunt hussain hussein hutchinson ibrahim ionescu iqbal islam ito ivanov iyer
        jablonski jackson jacobs jama james jang jankauskas jankowski jaworski jenkins jennings johal johnson johnston jones
        jordan joseph joshi jovanovic jung kamau kaminski kang kara karim kaur kavanagh kaya kazlauskas kelly kennedy kent
        khalid khan kilic kim king kiss kobayashi koc kovacevic kovacs kowalczyk kowalski kozlowski krawczyk kumar kurt
        kuznetsov lambert lane larsen law lawrence lawson le lee lewandowski lewis lim lin liu lloyd lopez lowe luo ly lynch
        ma macdonald mackay mackenzie maguire mahmood majewski malik malinowski mancini mann marino markovic marshall martin
        martinez martins mason matei matthews mazur mazurek mcarthur mccarthy mcdonald mcgregor mckenzie mclean mcleod
        mcmahon mehta menon mensah miah michalski mistry mitchell mohamed mohammed molloy molnar moore morales moran morgan
        morris morrison moss mukherjee munteanu murphy murray mwangi nagy naidu nair nakamura nash nawaz newman newton ngo
        nguyen nicholson nikolic njoroge nolan norris novak novotny nowak nowicki nwosu obi obrien oconnor odhiambo odonnell
        oduya ogunleye okafor okeke okonkwo okoro olawale oliveira oliver olszewski omar oneill ortiz osei osman osullivan
        otieno owen owusu oyelaran ozdemir ozturk palmer pandya papadopoulos park parker parry patel paterson patterson
        pawlowski payne pearce pearson pereira perry peters petrauskas petrov petrovic pham phan phillips pickering pillai
        piotrowski poole popa popescu popov porter potter powell pratt preston price pritchard qureshi radu rahman ramos
        rana rao rashid read reddy reid reilly reynolds rhodes ricci richards richardson riley roberts robertson robinson
        rocha rodrigues rodriguez rogers romano rose ross rossi rowe russell russo rusu rutkowski ryan saeed sahin sanchez
        sanders sandhu santos sarkar sato saunders schmidt scott shah shaikh sharma sharp shaw sheikh siddiqui sidhu sikora
        silva simmons simpson sinclair singh smirnov smith sokolov sousa stan stepien stewart stoica stone sullivan sun
        sutton suzuki swift szabo szymanski tanaka tang taylor thomas thompson thomson tomlinson toth townsend tran trivedi
        tucker turnbull turner uddin ullah varga vu walsh ward warren warsame watanabe watson watts webb wells west wheeler
        whitehead wieczorek wilkinson williams williamson willis wilson wojcik wong wood woods wozniak wright wroblewski wu
        xu yamamoto yang yildirim yildiz yilmaz yoon young yusuf zajac zhang zhao zhou zhu zielinski
        """)

    /// Titles and ranks written before a name ("Mr", "DC", "Sgt", "Auntie").
    static let titles = WordSet(
        """
        aunt auntie aunty capt ch cllr col constable cpl dame dc dci dcs det detective di dr ds dsi dsu fr grandad grandma
        grandpa insp inspector judge lady lord lt madam master messrs miss mister mr mrs mrs. ms mx nan nana nurse officer
        pc pcso prof ps rev revd sergeant sgt sir sister sr supt uncle
        """)

    /// Ranks and professional titles among `titles`: the name after one is a professional's (the policy's
    /// `professional` rule applies to it, not `unregistered-people`).
    static let professionalTitles = WordSet(
        """
        capt cllr col constable cpl dc dci dcs det detective di dr ds dsi dsu insp inspector judge lt nurse officer pc pcso
        prof ps sergeant sgt supt
        """)

    /// Capitalised words that follow a first name without being a surname ("Grace Street", "Jordan School").
    static let notSurnames = WordSet(
        """
        a&e abuse academy act acts adult adults after agency ambulance and appeal april article assessment association at
        athena attendance august authority avenue bank behaviour board borough bridge british building by camhs care center
        central centre chapel chapter child children childrens christmas church city clinic close club code college company
        conference constabulary control core council county court courts crescent crime criminal crown custody day december
        department deputy designated desk discussion district domestic door drive duty early east easter ehcp emergency
        english enquiries enquiry estate european eve exploitation family february fire football for form foundation friday
        from front gardens general gp great green group grove guidance hall head health help high hill holiday home hospital
        house housing hub in incident inclusion infant infirmary inter international investigation irish january july june
        junior justice lane law lead leaving limited log looked lower ltd magistrates march mash maternity may medical
        meeting mental metropolitan mews midwife ministry missing monday mosque mount multi national need new nhs niche
        night north notes november nursery october of offending office officer old on order paediatric panel parade parish
        park part partnership pastoral person persons place plan plc pnc pnd police policy polish practice practitioner
        primary prison probation procedure protection referral regulation regulations report rescue response review rise
        road room row royal rule rules safeguarding saint saturday schedule school scottish secondary section sen senco
        september service services sexual social society south square statement station storm strategy street suite summary
        sunday support surgery teacher team temple terrace the thursday to tribunal trust tuesday tutor unit united
        university upper view violence virtual visitor walk ward way wednesday welfare welsh west with worker year youth
        """)

    /// Words before a colon at a line start that are field labels, not chat senders.
    static let labels = WordSet(
        """
        a action address admin age agenda answer apologies attendees author bcc case category cc child comment comments
        contact crime date dear description destination details dob email father from fw fwd gp hello hi http https
        important incident informant item items link location me message messages minutes mobile mother name nhs ni no note
        notes offence officer ok outcome page parent phone present q question re reason ref reference regards result school
        sent source status subject summary suspect system tel thanks time tip to total type unknown update urgent url victim
        warning website witness www yes you
        """)

    /// Capitalised words that never start a person's name.
    static let stopWords = WordSet(
        """
        a all also an and any bad big both but children council court crown dear department each either every family first
        good great he hello her here hi his hospital how i if it its just last little magistrates my neither new next no not
        ok old one only or our please police school services she so social some sorry team thank thanks that the their then
        there these they this those three two unit we what when where which who why yes you your
        """)

    /// Words after a sentence-initial "Will", "Hope" or "Mark" that show it is not a name ("Will you", "Mark the").
    static let notAfterName = WordSet(
        """
        a all an be everyone he her him his i it me my not our she so that the their them there these they this those to u
        us we ya yall ye you your
        """)

    /// Family and household roles written before a date of birth in a household list ("- mother - 09-Apr-1968").
    static let householdRoles = WordSet(
        """
        applicant aunt auntie aunty baby boyfriend brother carer child cousin dad daughter father fiance fiancee foster
        girlfriend gran grandad grandfather grandma grandmother grandpa granny guardian half-brother half-sister halfbrother
        halfsister householder husband infant lodger mam mom mother mum nan nana nephew niece occupant partner resident self
        sibling sister son step-father step-mother stepdad stepdaughter stepfather stepmother stepmum stepson subject
        suspect tenant twin uncle victim wife
        """)

    /// Words of a sign-off line before a signature ("Kind regards,").
    static let signOffs = WordSet(
        """
        again all best care cheers faithfully kind love many much regards respectfully sincerely soon speak take thank
        thanks the truly very warm warmest wishes with yours
        """)

    /// Words after a sentence-initial name that is also an ordinary word that show it is the name ("Grace said").
    static let nameFollowers = WordSet(
        """
        added admitted again agreed alleged also and answered appeared are arrived asked asks attended became called calls
        came can cant claimed comes confirmed could couldnt cried denied described did didnt disclosed discloses does doesnt
        dont emailed emails explained explains feels felt gave gets gives goes got had hadnt has hasnt hated hates herself
        himself is isnt keeps kept knew knows laughed leaves left liked likes lived lives looked loved loves made makes
        meets mentioned messaged met missed needed needs nodded or phoned phones posted ran rang refused replied replies
        reported reports returned rings said saw says screamed seemed sees sent shared should shouldnt shouted showed shows
        smiled speaks spoke started stated states stayed stays stopped takes talked talks tells texted texts then thinks
        thought told too took tried tries visited visits walked wanted wants was wasnt went were will wont would wouldnt
        writes wrote
        """)

    /// Places, brands and apps written in capitals that are not people ("Snapchat Map", "Leeds Station"): they stop
    /// a pair of capitalised words from being taken for a name (but not a name run: "Jordan Preston").
    static let places = WordSet(
        """
        aberdeen afghanistan aldi amazon android apple argos asda bangladesh barclays barnsley belfast birmingham bolt boots
        bradford bristol britain cardiff cheshire china cornwall costa coventry deliveroo derry devon discord doncaster
        dundee ebay edinburgh england eritrea essex europe facebook fortnite france germany ghana glasgow google greggs
        halifax harrogate hsbc huddersfield hull iceland india instagram ipad iphone iran iraq ireland italy jamaica kent
        kfc lancashire lane leeds leicester lidl lithuania liverpool lloyds london manchester map maps mcdonalds messenger
        minecraft monzo morrisons nationwide natwest netflix newcastle newport nigeria northshire nottingham pakistan paypal
        playstation poland portugal primark roblox romania rotherham russia sainsburys samsung santander scotland sheffield
        snapchat somalia spain spotify starbucks subway sudan superdrug surrey swansea syria tesco tiktok turkey twitter
        uber uk ukraine vinted waitrose wakefield wales way whatsapp xbox york yorkshire youtube
        """)

    /// Ordinary words that are also first names ("Will", "Grace"): a name just before a registered surname.
    static let ordinaryNames = WordSet(
        """
        amber angel april art aspen august autumn bill blessing bob brandy candy charity chase clay cliff comfort crystal
        daisy dale dawn dean destiny don dove drew duke earl faith fern frank gene ginger glen grace grant guy harmony hazel
        heath heather holly honey hope hunter iris ivy jack jade jasmine jay joy june king lance laurel lily mark may melody
        mercy miles misty noble olive pat patience pearl poppy precious prince rain raven ray reed river rob robin rod rose
        rowan ruby rusty sage sandy sky star sterling storm sue summer sunny victor violet wade will willow winter wren
        """)
}
